using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Tests.Config;

/// <summary>The pipelines the repository ships load without a config error (the ones a user copies first).</summary>
public sealed class ShippedPipelinesTests
{
    [Theory]
    [InlineData("sample.yaml")]
    [InlineData("nightly.yaml")]
    public void ShippedPipelineLoads(string name)
    {
        Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, "models", "lid.176.ftz")), "models/ is missing: run `make models` (make test does)");
        var pipeline = new PipelineLoader(StageCatalog.CreateDefault()).Load(Path.Combine(TestPaths.RepoRoot, "pipelines", name));
        Assert.Contains(pipeline.Stages, s => s.Name == "language_id");
    }
}
