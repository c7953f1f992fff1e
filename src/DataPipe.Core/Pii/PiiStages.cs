using DataPipe.Core.Stages;

namespace DataPipe.Core.Pii;

public static class PiiStages
{
    public static void Register(StageCatalog catalog) => catalog.Add("pii", PiiScrubStage.Create);
}
