using System.Text;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>
/// WARC and WET files for split-input tests, written record by record so a test knows where each record starts:
/// a warcinfo record first, then HTML responses with request records between them, records without a
/// WARC-Record-ID (generated ids), a non-text response, repeated and near-repeated pages (for dedup), and on
/// request a garbage run, a Content-Length off by one (repaired) and one far off (quarantined).
/// </summary>
public sealed class SplitWarcCorpus
{
    private readonly List<byte[]> _records = [];
    private readonly List<long> _starts = [];
    private readonly string _eol;
    private long _length;

    private SplitWarcCorpus(bool lfOnly) => _eol = lfOnly ? "\n" : "\r\n";

    /// <summary>Offset of each record start in the file (garbage runs are not records and are not listed).</summary>
    public IReadOnlyList<long> RecordStarts => _starts;

    /// <summary>Offset of the record just after the Content-Length off by one, and of the one after the garbage run.</summary>
    public List<long> AfterDamage { get; } = [];

    public static SplitWarcCorpus Warc(string path, int records, int seed, bool lfOnly = false, bool damage = false) =>
        Write(path, records, seed, lfOnly, damage, wet: false);

    public static SplitWarcCorpus Wet(string path, int records, int seed, bool lfOnly = false, bool damage = false) =>
        Write(path, records, seed, lfOnly, damage, wet: true);

    private static SplitWarcCorpus Write(string path, int records, int seed, bool lfOnly, bool damage, bool wet)
    {
        var corpus = new SplitWarcCorpus(lfOnly);
        var random = new Random(seed);
        corpus.Record("warcinfo", null, null, "application/warc-fields", Encoding.ASCII.GetBytes($"software: split-test{corpus._eol}format: WARC File Format 1.1{corpus._eol}"));
        int repairAt = damage ? records / 3 : -1, garbageAt = damage ? records / 2 : -1, wrongAt = damage ? 2 * records / 3 : -1;
        for (int i = 1; i < records; i++)
        {
            int kind = random.Next(12);
            string url = $"https://example.org/{seed}/{i}";
            string? id = kind is 4 or 5 ? null : $"<urn:uuid:{seed:D8}-0000-0000-0000-{i:D12}>";
            string text = kind switch
            {
                3 => "A repeated page that exact dedup drops after its first copy. It says the same thing every time it is crawled, word for word.",
                7 => NearDuplicate(random),
                _ => $"Page {i}. " + CorpusFiles.Text(random, 40 + random.Next(160)),
            };
            if (i == garbageAt)
            {
                corpus.Raw(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a WARC record; ", 30)) + corpus._eol + corpus._eol));
                corpus.AfterDamage.Add(corpus._length);
            }
            int lengthError = i == repairAt ? 1 : i == wrongAt ? 40 : 0;
            if (wet)
            {
                corpus.Record("conversion", id, url, "text/plain", Encoding.UTF8.GetBytes(text), lengthError);
            }
            else
            {
                if (kind == 9) corpus.Record("request", null, url, "application/http; msgtype=request", Encoding.ASCII.GetBytes($"GET /{i} HTTP/1.1{corpus._eol}Host: example.org{corpus._eol}{corpus._eol}"));
                byte[] body = kind == 11 ? [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 1, 2, 3] : Encoding.UTF8.GetBytes(Html(text, i));
                string type = kind == 11 ? "image/png" : "text/html; charset=utf-8";
                byte[] http = [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK{corpus._eol}Content-Type: {type}{corpus._eol}Content-Length: {body.Length}{corpus._eol}{corpus._eol}"), .. body];
                corpus.Record("response", id, url, "application/http; msgtype=response", http, lengthError);
            }
            if (i == repairAt) corpus.AfterDamage.Add(corpus._length);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, corpus._records.SelectMany(r => r).ToArray());
        return corpus;
    }

    private static string Html(string text, int i)
    {
        var paragraphs = text.Split('\n').Select(p => $"<p>{p}</p>");
        return $"<!doctype html><html><head><title>Page {i}</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>"
            + $"<article><h1>Page {i}</h1>{string.Concat(paragraphs)}</article><footer>Copyright example.org</footer></body></html>";
    }

    private static readonly string NearDuplicateText = CorpusFiles.Text(new Random(77), 150);

    /// <summary>One text with one word changed: fuzzy dedup keeps its first copy.</summary>
    private static string NearDuplicate(Random random)
    {
        var words = NearDuplicateText.Split(' ');
        words[random.Next(words.Length)] = "changed";
        return string.Join(' ', words);
    }

    /// <param name="lengthError">Added to the declared Content-Length: a record a broken writer framed.</param>
    private void Record(string type, string? id, string? url, string contentType, byte[] block, int lengthError = 0)
    {
        var header = new StringBuilder("WARC/1.1").Append(_eol).Append("WARC-Type: ").Append(type).Append(_eol);
        if (url is not null) header.Append("WARC-Target-URI: ").Append(url).Append(_eol);
        header.Append("WARC-Date: 2025-03-01T00:00:00Z").Append(_eol);
        if (id is not null) header.Append("WARC-Record-ID: ").Append(id).Append(_eol);
        header.Append("Content-Type: ").Append(contentType).Append(_eol);
        header.Append("Content-Length: ").Append(block.Length + lengthError).Append(_eol).Append(_eol);
        _starts.Add(_length);
        Raw([.. Encoding.ASCII.GetBytes(header.ToString()), .. block, .. Encoding.ASCII.GetBytes(_eol + _eol)]);
    }

    private void Raw(byte[] bytes)
    {
        _records.Add(bytes);
        _length += bytes.Length;
    }
}
