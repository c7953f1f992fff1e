using System.IO.Compression;
using System.Text;

namespace DataPipe.Core.Tests.SampleData;

/// <summary>One WARC record of a WET shard: its headers and its block (decoded as UTF-8).</summary>
public sealed record WetRecord(IReadOnlyDictionary<string, string> Headers, byte[] Block)
{
    public string Type => Headers["WARC-Type"];
    public string Id => Headers["WARC-Record-ID"];
    public string Text => Encoding.UTF8.GetString(Block);
}

/// <summary>
/// A deliberately tiny WET parser for checking the sample corpus independently of the project's reader:
/// it trusts Content-Length and fails loudly on anything that is not well-formed WARC/1.0.
/// </summary>
public static class WetRecords
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    public static IEnumerable<WetRecord> Read(string path)
    {
        byte[] data;
        using (var file = File.OpenRead(path))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            gzip.CopyTo(buffer);
            data = buffer.ToArray();
        }

        int at = 0;
        while (at < data.Length)
        {
            int headEnd = data.AsSpan(at).IndexOf(HeaderEnd);
            if (headEnd < 0) throw new InvalidDataException($"{path}: unterminated header at byte {at}");
            string head = Encoding.UTF8.GetString(data, at, headEnd);
            string[] lines = head.Split("\r\n");
            if (lines[0] != "WARC/1.0") throw new InvalidDataException($"{path}: bad version line '{lines[0]}' at byte {at}");
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                headers.Add(line[..colon], line[(colon + 1)..].Trim());
            }

            int length = int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture);
            int blockStart = at + headEnd + HeaderEnd.Length;
            byte[] block = data.AsSpan(blockStart, length).ToArray();
            at = blockStart + length;
            if (!data.AsSpan(at).StartsWith(HeaderEnd)) throw new InvalidDataException($"{path}: record at byte {blockStart} not followed by CRLF CRLF");
            at += HeaderEnd.Length;
            yield return new WetRecord(headers, block);
        }
    }
}
