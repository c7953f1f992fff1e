using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Execution;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Output;

/// <summary>Writes the documents that reach it to <c>documents/shard-NNNNN.{jsonl.gz|parquet}</c> and passes them on.</summary>
public sealed class WriteDocumentsStage(string name, string format) : IDocumentStage
{
    public string Name { get; } = name;
    public string Format { get; } = format;

    public static IStage Create(OptionsNode options, StageBuildContext context) =>
        new WriteDocumentsStage(context.StageName, options.GetChoice("format", "jsonl.gz", "jsonl.gz", "parquet"));

    public IDocumentStep Open(StepContext context)
    {
        string path = Path.Combine(context.Layout.DocumentsDirectory,
            BuildLayout.ShardFileName(context.Shard.Index, Format == "parquet" ? ".parquet" : ".jsonl.gz"));
        IDocumentSink sink = Format == "parquet" ? new ParquetDocumentSink(path) : new JsonlDocumentSink(path);
        return new Step(sink);
    }

    private sealed class Step(IDocumentSink sink) : IDocumentStep
    {
        public StepResult Process(Document document, TextView text)
        {
            sink.Write(document);
            return StepResult.Keep(document);
        }

        public void Complete() => sink.Commit();

        public void Dispose() => sink.Dispose();
    }
}
