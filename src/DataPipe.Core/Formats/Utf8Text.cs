using System.Text;

namespace DataPipe.Core.Formats;

/// <summary>Turns bytes into text, repairing invalid UTF-8 with U+FFFD (and saying whether it had to).</summary>
public static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string Decode(ReadOnlySpan<byte> bytes, out bool repaired)
    {
        repaired = !System.Text.Unicode.Utf8.IsValid(bytes);
        return Strict.GetString(bytes); // the non-throwing decoder substitutes U+FFFD for each invalid sequence
    }
}
