using DataPipe.Core.Documents;

namespace DataPipe.Core.Output;

/// <summary>Writes one shard of documents; visible under its final name only after <see cref="Commit"/>.</summary>
public interface IDocumentSink : IDisposable
{
    void Write(Document document);

    void Commit();
}
