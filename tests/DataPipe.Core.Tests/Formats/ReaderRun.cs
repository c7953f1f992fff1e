using DataPipe.Core.Documents;
using DataPipe.Core.Execution;
using DataPipe.Core.Formats;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Tests.Formats;

/// <summary>Runs one reader over one file and keeps what it yielded, counted and quarantined.</summary>
public sealed class ReaderRun : IQuarantine
{
    public List<Document> Documents { get; } = [];
    public Counters Counters { get; } = new();
    public List<(long Offset, string Error, int SampleBytes)> Quarantined { get; } = [];

    public static ReaderRun Of(string path, string format, long maxRecordBytes = 64L << 20, string textField = "text",
        TruncatedRecords truncatedRecords = TruncatedRecords.Keep,
        DataPipe.Core.Formats.Html.HtmlExtractionOptions? html = null)
    {
        var run = new ReaderRun();
        var context = new ReaderContext
        {
            Shard = new InputShard { Index = 3, Path = path, Format = format, Name = Path.GetFileName(path), TextField = textField },
            Counters = run.Counters,
            Quarantine = run,
            MaxRecordBytes = maxRecordBytes,
            TruncatedRecords = truncatedRecords,
            Html = html ?? DataPipe.Core.Formats.Html.HtmlExtractionOptions.Default,
        };
        using var input = new NonSeekableStream(File.OpenRead(path));
        run.Documents.AddRange(ReaderCatalog.Create(format).Read(input, context));
        return run;
    }

    /// <summary>Reads one shard of a plan (a range of a split file too) as a pass task does: from a seekable file.</summary>
    public static ReaderRun Of(InputShard shard, long maxRecordBytes = ReaderContext.DefaultMaxRecordBytes)
    {
        var run = new ReaderRun();
        var context = new ReaderContext { Shard = shard, Counters = run.Counters, Quarantine = run, MaxRecordBytes = maxRecordBytes };
        using var input = File.OpenRead(shard.Path);
        run.Documents.AddRange(ReaderCatalog.Create(shard.Format).Read(input, context));
        return run;
    }

    public void Add(string file, long offset, string error, ReadOnlySpan<byte> sample) =>
        Quarantined.Add((offset, error, sample.Length));

    public long Count(string counter) => Counters.Get(counter);

    /// <summary>The runner hands readers a forward-only stream; tests do the same.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
