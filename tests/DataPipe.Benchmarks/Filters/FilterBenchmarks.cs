using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DataPipe.Core.Execution;
using DataPipe.Core.Filters;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Formats;
using DataPipe.Core.Formats.Warc;
using DataPipe.Core.Pii;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Benchmarks.Filters;

/// <summary>
/// Each quality filter family and the PII scrubber over every document of the sample corpus (`make sample`: web
/// text with planted boilerplate, repetition and PII), one core. MB/s counts the documents' UTF-8 bytes, so the
/// numbers compare with the reader and tokenizer rows; docs/s is the same run in documents.
/// </summary>
[Config(typeof(Columns))]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private static readonly Lazy<(List<string> Docs, long Bytes)> Corpus = new(LoadSample);

    /// <summary>Every sample document's text and their UTF-8 bytes (loaded once, shared with other benchmarks).</summary>
    internal static (List<string> Docs, long Bytes) SampleCorpus => Corpus.Value;

    private readonly GopherQualityFilter _gopherQuality = new("gopher_quality", new GopherQualityFilter.Options(), RuleSwitches.AllOn);
    private readonly GopherRepetitionFilter _gopherRepetition = new("gopher_repetition", GopherRepetitionFilter.Defaults, RuleSwitches.AllOn);
    private readonly C4Filter _c4 = new("c4", new C4Filter.Options(), RuleSwitches.AllOn);
    private readonly FineWebFilter _fineWeb = new("fineweb", new FineWebFilter.Options(), RuleSwitches.AllOn);
    private readonly SymbolRatioFilter _symbolRatio = new("symbol_ratio", 0.5, countWhitespace: false);
    private readonly PiiScrubber _pii = new(new PiiOptions());
    private readonly List<PiiSpan> _piiSpans = [];
    // One view for the whole run, as a pass task holds one: the spaCy tokenizer's cache stays warm across documents.
    private readonly TextView _view = new();
    private List<string> _docs = [];

    [GlobalSetup]
    public void Setup() => _docs = Corpus.Value.Docs;

    [Benchmark(Description = "gopher_quality")]
    public int GopherQuality() => Count(d => _gopherQuality.Evaluate(d));

    [Benchmark(Description = "gopher_repetition")]
    public int GopherRepetition() => Count(d => _gopherRepetition.Evaluate(d));

    [Benchmark(Description = "c4 (line rules rewrite the text)")]
    public int C4() => Count(d => _c4.Apply(d, null).Reason);

    [Benchmark(Description = "fineweb")]
    public int FineWeb() => Count(d => _fineWeb.Evaluate(d));

    /// <summary>The word split alone (spaCy's English tokenizer, the filters' default), to set against the fast split.</summary>
    [Benchmark(Description = "word split: spacy")]
    public int WordSplitSpacy() => CountWords(WordSplit.Spacy);

    [Benchmark(Description = "word split: fast")]
    public int WordSplitFast() => CountWords(WordSplit.Fast);

    private int CountWords(WordSplit split)
    {
        var words = new WordTokens();
        var tokenizer = new DataPipe.Core.Filters.Text.Spacy.SpacyTokenizer();
        int total = 0;
        foreach (string doc in _docs) total += words.Tokenize(doc, split, tokenizer).Count;
        return total;
    }

    [Benchmark(Description = "symbol_ratio")]
    public int SymbolRatio() => Count(d => _symbolRatio.Evaluate(d.Text));

    /// <summary>The filters as pipelines/sample.yaml chains them: a document stops at its first drop, and C4's
    /// rewritten text is what the later filters see.</summary>
    [Benchmark(Description = "all filters (sample.yaml order)")]
    public int AllFilters() => Count(d =>
    {
        if (_symbolRatio.Evaluate(d.Text) is { } symbol) return symbol;
        var (c4Reason, text) = _c4.Apply(d, null);
        if (c4Reason is not null) return c4Reason;
        d.Show(text!);
        return _gopherRepetition.Evaluate(d) ?? _gopherQuality.Evaluate(d) ?? _fineWeb.Evaluate(d);
    });

    [Benchmark(Description = "pii scrub (all types)")]
    public int PiiScrub()
    {
        int changed = 0;
        foreach (string doc in _docs)
            if (!ReferenceEquals(_pii.Scrub(doc, scratch: _piiSpans), doc)) changed++;
        return changed;
    }

    private int Count(Func<TextView, string?> reason)
    {
        int dropped = 0;
        foreach (string doc in _docs)
        {
            _view.Show(doc);
            if (reason(_view) is not null) dropped++;
        }
        return dropped;
    }

    private static (List<string> Docs, long Bytes) LoadSample()
    {
        string shards = FindSampleShards();
        var docs = new List<string>();
        long bytes = 0;
        var files = Directory.GetFiles(shards, "*.warc.wet.gz").Order(StringComparer.Ordinal).ToArray();
        for (int i = 0; i < files.Length; i++)
        {
            var context = new ReaderContext
            {
                Shard = new InputShard { Index = i, Path = files[i], Format = "wet", Name = Path.GetFileName(files[i]) },
                Counters = new Counters(),
                Quarantine = new IgnoringQuarantine(),
            };
            using var file = File.OpenRead(files[i]);
            foreach (var document in new WarcReader().Read(file, context))
            {
                docs.Add(document.Text);
                bytes += Encoding.UTF8.GetByteCount(document.Text);
            }
        }
        return (docs, bytes);
    }

    private static string FindSampleShards()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string shards = Path.Combine(dir.FullName, "sample-data", "shards");
                if (File.Exists(Path.Combine(shards, ".complete"))) return shards;
            }
        }
        throw new InvalidOperationException("the sample corpus is missing: run `make sample` first");
    }

    private sealed class IgnoringQuarantine : IQuarantine
    {
        public void Add(string file, long offset, string error, ReadOnlySpan<byte> sample) { }
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new RateColumn("MBps", "MB/s", "UTF-8 megabytes (2^20) of document text per second on one core", () => Corpus.Value.Bytes / (1024.0 * 1024.0)));
            AddColumn(new RateColumn("DocsPerSec", "docs/s", "documents per second on one core", () => Corpus.Value.Docs.Count));
        }
    }
}
