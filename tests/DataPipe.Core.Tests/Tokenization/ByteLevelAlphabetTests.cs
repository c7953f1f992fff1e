using DataPipe.Core.Tokenization.Files;

namespace DataPipe.Core.Tests.Tokenization;

public sealed class ByteLevelAlphabetTests
{
    [Theory]
    [InlineData(0x20, 'Ġ')]
    [InlineData(0x0A, 'Ċ')]
    [InlineData(0x09, 'ĉ')]
    [InlineData(0x0D, 'č')]
    [InlineData(0x00, 'Ā')]
    [InlineData(0x7F, 'ġ')]
    [InlineData(0xA0, 'ł')]
    [InlineData(0xAD, 'Ń')]
    [InlineData((int)'a', 'a')]
    [InlineData(0xFF, 'ÿ')]
    public void MapsBytesLikeGpt2(int value, char expected) => Assert.Equal(expected, ByteLevelAlphabet.ToChar((byte)value));

    [Fact]
    public void EveryByteRoundTripsThroughItsCharacter()
    {
        byte[] all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        string text = ByteLevelAlphabet.ToText(all);
        Assert.Equal(256, text.Distinct().Count());
        Assert.True(ByteLevelAlphabet.TryToBytes(text, out var back));
        Assert.Equal(all, back);
        Assert.False(ByteLevelAlphabet.TryToBytes("\u0500", out _));
    }
}
