using System.Text;
using DataPipe.Core.Documents;

namespace DataPipe.Core.Dedup;

/// <summary>
/// What the report shows of a duplicate pair's sides besides the id: the URL and the first
/// <see cref="Chars"/> characters. Stored per signed document (a few hundred bytes, next to a sketch of kilobytes),
/// because at finalize the documents themselves are no longer at hand.
/// </summary>
internal static class DocumentPreview
{
    public const int Chars = 200;

    /// <summary>UTF-8 of <c>url \0 text-head</c> into <paramref name="buffer"/> (grown when needed).</summary>
    public static ReadOnlySpan<byte> Encode(Document document, ref byte[] buffer)
    {
        string url = document.Url ?? "";
        int length = Math.Min(Chars, document.Text.Length);
        // Never cut a surrogate pair in half.
        if (length > 0 && length < document.Text.Length && char.IsHighSurrogate(document.Text[length - 1])) length--;
        int max = Encoding.UTF8.GetMaxByteCount(url.Length + 1 + length);
        if (buffer.Length < max) buffer = new byte[Math.Max(max, buffer.Length * 2)];
        int n = Encoding.UTF8.GetBytes(url, buffer);
        buffer[n++] = 0;
        n += Encoding.UTF8.GetBytes(document.Text.AsSpan(0, length), buffer.AsSpan(n));
        return buffer.AsSpan(0, n);
    }

    public static (string? Url, string Text) Decode(byte[] bytes)
    {
        int zero = Array.IndexOf(bytes, (byte)0);
        if (zero < 0) return (null, Encoding.UTF8.GetString(bytes));
        string url = Encoding.UTF8.GetString(bytes, 0, zero);
        return (url.Length == 0 ? null : url, Encoding.UTF8.GetString(bytes, zero + 1, bytes.Length - zero - 1));
    }
}
