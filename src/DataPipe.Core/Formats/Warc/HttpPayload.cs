using System.Buffers.Text;
using System.IO.Compression;
using System.Text;

namespace DataPipe.Core.Formats.Warc;

/// <summary>The parts of an HTTP response block a text reader needs: status, MIME type, declared charset and the decoded body.</summary>
internal readonly ref struct HttpPayload
{
    /// <summary>The status code of the status line (<c>200</c>), or 0 when it has none.</summary>
    public int Status { get; init; }

    /// <summary>The body declared a Content-Encoding it did not have (it is not compressed) and is read as it is.</summary>
    public bool EncodingIgnored { get; init; }

    public required string? MimeType { get; init; }
    public required string? ContentType { get; init; }
    public required ReadOnlySpan<byte> Body { get; init; }
    public byte[]? Decoded { get; init; }

    /// <summary>Splits an HTTP response at its header end; false when the block is not an HTTP response.</summary>
    /// <param name="truncated">The block was cut off by the end of the file: a chunked or compressed body gives what it
    /// decodes to before the cut, and a body that did not arrive at all is an error.</param>
    public static bool TryParse(ReadOnlySpan<byte> block, long maxBodyBytes, bool truncated, out HttpPayload payload, out string? error)
    {
        payload = default;
        error = null;
        if (!block.StartsWith("HTTP/"u8)) { error = "response block does not start with an HTTP status line"; return false; }
        int headerEnd = block.IndexOf("\r\n\r\n"u8);
        int separator = 4;
        if (headerEnd < 0) { headerEnd = block.IndexOf("\n\n"u8); separator = 2; }
        if (headerEnd < 0) { error = "HTTP headers are not terminated by a blank line"; return false; }
        var headers = block[..headerEnd];
        var body = block[(headerEnd + separator)..];
        if (truncated && body.IsEmpty) { error = "record cut off by the end of the file before any of its HTTP body arrived"; return false; }
        int status = StatusOf(headers);
        string? contentType = null;
        bool chunked = false;
        ReadOnlySpan<byte> encoding = default;
        foreach (var range in headers.Split((byte)'\n'))
        {
            var line = headers[range].TrimEnd((byte)'\r');
            int colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = line[..colon].Trim(" \t"u8);
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8)) contentType = Encoding.Latin1.GetString(value);
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8)) chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            else if (Ascii.EqualsIgnoreCase(name, "Content-Encoding"u8)) encoding = value;
        }
        byte[]? decoded = null;
        if (chunked)
        {
            decoded = Dechunk(body, truncated);
            if (decoded is null) { error = "chunked HTTP body is malformed"; return false; }
        }
        bool encodingIgnored = false;
        if (!encoding.IsEmpty && !Ascii.EqualsIgnoreCase(encoding, "identity"u8))
        {
            ReadOnlySpan<byte> encoded = decoded is null ? body : decoded;
            var inflated = Inflate(encoded, encoding, maxBodyBytes, truncated);
            // Servers and crawlers (ClueWeb09) keep a Content-Encoding header over a body stored decoded: read it as
            // it is, as warcio does, when it plainly is not compressed (compressed bytes are never text).
            if (inflated is null && LooksLikeText(encoded)) encodingIgnored = true;
            else if (inflated is null) { error = $"HTTP body with Content-Encoding '{Encoding.Latin1.GetString(encoding)}' could not be decoded (or decodes to more than max_record_bytes)"; return false; }
            else decoded = inflated;
        }
        string? mime = contentType is null ? null : contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        payload = new HttpPayload
        {
            Status = status, EncodingIgnored = encodingIgnored, MimeType = mime, ContentType = contentType, Body = decoded ?? body, Decoded = decoded,
        };
        return true;
    }

    /// <summary>The three-digit code after <c>HTTP/x.y</c>, or 0.</summary>
    private static int StatusOf(ReadOnlySpan<byte> headers)
    {
        int lineEnd = headers.IndexOf((byte)'\n');
        var line = lineEnd < 0 ? headers : headers[..lineEnd];
        int space = line.IndexOf((byte)' ');
        if (space < 0) return 0;
        var rest = line[(space + 1)..].TrimStart((byte)' ');
        return rest.Length >= 3 && Utf8Parser.TryParse(rest[..3], out int code, out int used) && used == 3 && code is >= 100 and <= 999 ? code : 0;
    }

    /// <summary>No C0 control bytes but TAB, LF, FF, CR and ESC in the first 512 bytes: what any text encoding
    /// (including UTF-16 without NULs, which it then is not) looks like, and what gzip, deflate and brotli output never does.</summary>
    internal static bool LooksLikeText(ReadOnlySpan<byte> body)
    {
        foreach (byte b in body[..Math.Min(body.Length, 512)])
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r' or 0x1b)) return false;
        return !body.IsEmpty;
    }

    private static byte[]? Dechunk(ReadOnlySpan<byte> body, bool truncated)
    {
        var output = new MemoryStream(body.Length);
        while (true)
        {
            int lineEnd = body.IndexOf((byte)'\n');
            if (lineEnd < 0) return truncated && output.Length > 0 ? output.ToArray() : null;
            var sizeText = body[..lineEnd].TrimEnd((byte)'\r');
            int extension = sizeText.IndexOf((byte)';');
            if (extension >= 0) sizeText = sizeText[..extension];
            if (!Utf8Parser.TryParse(sizeText.Trim(" \t"u8), out int size, out _, 'x') || size < 0) return null;
            body = body[(lineEnd + 1)..];
            if (size == 0) return output.ToArray();
            if (size > body.Length && truncated) { output.Write(body); return output.ToArray(); }
            if (size > body.Length) return null;
            output.Write(body[..size]);
            body = body[size..];
            if (body.StartsWith("\r\n"u8)) body = body[2..];
            else if (body.StartsWith("\n"u8)) body = body[1..];
        }
    }

    /// <summary>Undoes a content encoding; null when it fails or would exceed <paramref name="maxBytes"/> (a compression bomb).</summary>
    /// <param name="partial">The body was cut off: what decodes before the cut is the result.</param>
    private static byte[]? Inflate(ReadOnlySpan<byte> body, ReadOnlySpan<byte> encoding, long maxBytes, bool partial)
    {
        bool deflate = Ascii.EqualsIgnoreCase(encoding, "deflate"u8);
        var result = Inflate(body, encoding, deflate ? Wrapper.Zlib : Wrapper.None, maxBytes, partial);
        // "deflate" is meant to be zlib-wrapped, but many servers send raw deflate (browsers accept both).
        return result is null && deflate ? Inflate(body, encoding, Wrapper.Raw, maxBytes, partial) : result;
    }

    private enum Wrapper { None, Zlib, Raw }

    private static byte[]? Inflate(ReadOnlySpan<byte> body, ReadOnlySpan<byte> encoding, Wrapper wrapper, long maxBytes, bool partial)
    {
        var output = new MemoryStream();
        try
        {
            using var compressed = new MemoryStream(body.ToArray());
            using Stream decoder = Ascii.EqualsIgnoreCase(encoding, "gzip"u8) || Ascii.EqualsIgnoreCase(encoding, "x-gzip"u8)
                ? new GZipStream(compressed, CompressionMode.Decompress)
                : Ascii.EqualsIgnoreCase(encoding, "br"u8) ? new BrotliStream(compressed, CompressionMode.Decompress)
                : wrapper == Wrapper.Zlib ? new ZLibStream(compressed, CompressionMode.Decompress)
                : wrapper == Wrapper.Raw ? new DeflateStream(compressed, CompressionMode.Decompress)
                : throw new InvalidDataException("unsupported content encoding");
            var chunk = new byte[1 << 16];
            int n;
            while ((n = decoder.Read(chunk)) > 0)
            {
                if (output.Length + n > maxBytes) return null;
                output.Write(chunk, 0, n);
            }
            return output.ToArray();
        }
        catch (InvalidDataException) { return partial && output.Length > 0 ? output.ToArray() : null; }
    }
}
