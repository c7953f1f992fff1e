namespace DataPipe.Core.Tokenization.Files;

/// <summary>GPT-2's <c>bytes_to_unicode</c>: every byte gets a printable character so vocabulary files stay text.
/// Bytes 33–126, 161–172 and 174–255 keep their code point; the other 68 map to U+0100… in byte order.</summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = BuildCharToByte();

    public static char ToChar(byte value) => ByteToChar[value];

    public static string ToText(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++) chars[i] = ByteToChar[source[i]];
        });
    }

    /// <summary>Inverse of <see cref="ToText"/>; false when a character is outside the 256-character alphabet.</summary>
    public static bool TryToBytes(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!CharToByte.TryGetValue(text[i], out bytes[i])) return false;
        }
        return true;
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            map[b] = printable ? (char)b : (char)(256 + next++);
        }
        return map;
    }

    private static Dictionary<char, byte> BuildCharToByte()
    {
        var map = new Dictionary<char, byte>(256);
        for (int b = 0; b < 256; b++) map[ByteToChar[b]] = (byte)b;
        return map;
    }
}
