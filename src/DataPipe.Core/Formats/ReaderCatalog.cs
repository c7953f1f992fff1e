using DataPipe.Core.Formats.Jsonl;
using DataPipe.Core.Formats.Parquet;
using DataPipe.Core.Formats.Warc;

namespace DataPipe.Core.Formats;

/// <summary>The reader for each input format named in a plan.</summary>
public static class ReaderCatalog
{
    public static IDocumentReader Create(string format) => format switch
    {
        "jsonl" => new JsonlReader(),
        "wet" or "warc" => new WarcReader(),
        "parquet" => new ParquetReader(),
        _ => throw new ArgumentException($"no reader for format '{format}'"),
    };
}
