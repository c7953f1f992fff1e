using System.Buffers.Text;
using System.IO.Compression;
using System.Text;

namespace DataPipe.Core.Formats.Warc;

/// <summary>The parts of an HTTP response block a text reader needs: MIME type, declared charset and the decoded body.</summary>
internal readonly ref struct HttpPayload
{
    public required string? MimeType { get; init; }
    public required string? ContentType { get; init; }
    public required ReadOnlySpan<byte> Body { get; init; }
    public byte[]? Decoded { get; init; }

    /// <summary>Splits an HTTP response at its header end; false when the block is not an HTTP response.</summary>
    public static bool TryParse(ReadOnlySpan<byte> block, long maxBodyBytes, out HttpPayload payload, out string? error)
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
            decoded = Dechunk(body);
            if (decoded is null) { error = "chunked HTTP body is malformed"; return false; }
        }
        if (!encoding.IsEmpty && !Ascii.EqualsIgnoreCase(encoding, "identity"u8))
        {
            decoded = Inflate(decoded ?? body, encoding, maxBodyBytes);
            if (decoded is null) { error = $"HTTP body with Content-Encoding '{Encoding.Latin1.GetString(encoding)}' could not be decoded (or decodes to more than max_record_bytes)"; return false; }
        }
        string? mime = contentType is null ? null : contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        payload = new HttpPayload { MimeType = mime, ContentType = contentType, Body = decoded ?? body, Decoded = decoded };
        return true;
    }

    private static byte[]? Dechunk(ReadOnlySpan<byte> body)
    {
        var output = new MemoryStream(body.Length);
        while (true)
        {
            int lineEnd = body.IndexOf((byte)'\n');
            if (lineEnd < 0) return null;
            var sizeText = body[..lineEnd].TrimEnd((byte)'\r');
            int extension = sizeText.IndexOf((byte)';');
            if (extension >= 0) sizeText = sizeText[..extension];
            if (!Utf8Parser.TryParse(sizeText.Trim(" \t"u8), out int size, out _, 'x') || size < 0) return null;
            body = body[(lineEnd + 1)..];
            if (size == 0) return output.ToArray();
            if (size > body.Length) return null;
            output.Write(body[..size]);
            body = body[size..];
            if (body.StartsWith("\r\n"u8)) body = body[2..];
            else if (body.StartsWith("\n"u8)) body = body[1..];
        }
    }

    /// <summary>Undoes a content encoding; null when it fails or would exceed <paramref name="maxBytes"/> (a compression bomb).</summary>
    private static byte[]? Inflate(ReadOnlySpan<byte> body, ReadOnlySpan<byte> encoding, long maxBytes)
    {
        try
        {
            using var compressed = new MemoryStream(body.ToArray());
            using Stream decoder = Ascii.EqualsIgnoreCase(encoding, "gzip"u8) || Ascii.EqualsIgnoreCase(encoding, "x-gzip"u8)
                ? new GZipStream(compressed, CompressionMode.Decompress)
                : Ascii.EqualsIgnoreCase(encoding, "br"u8) ? new BrotliStream(compressed, CompressionMode.Decompress)
                : Ascii.EqualsIgnoreCase(encoding, "deflate"u8) ? new ZLibStream(compressed, CompressionMode.Decompress)
                : throw new InvalidDataException("unsupported content encoding");
            var output = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = decoder.Read(chunk)) > 0)
            {
                if (output.Length + n > maxBytes) return null;
                output.Write(chunk, 0, n);
            }
            return output.ToArray();
        }
        catch (InvalidDataException) { return null; }
    }
}
