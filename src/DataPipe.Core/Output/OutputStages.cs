using DataPipe.Core.Stages;

namespace DataPipe.Core.Output;

public static class OutputStages
{
    public static void Register(StageCatalog catalog) =>
        catalog.Add("write_documents", WriteDocumentsStage.Create);
}
