using DataPipe.Core.Formats.Jsonl;

namespace DataPipe.Core.Formats;

/// <summary>The reader for each input format named in a plan.</summary>
public static class ReaderCatalog
{
    public static IDocumentReader Create(string format) => format switch
    {
        "jsonl" => new JsonlReader(),
        _ => throw new ArgumentException($"no reader for format '{format}'"),
    };
}
