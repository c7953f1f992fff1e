using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using YamlDotNet.RepresentationModel;

namespace DataPipe.Core.Tests.Filters;

public static class DocumentStepExtensions
{
    /// <summary>One document through a step with a view of its own, as a pass task would hand it.</summary>
    public static StepResult Process(this IDocumentStep step, Document document) => step.Process(document, TextView.Of(document.Text));
}

/// <summary>Builds a stage from YAML options exactly as the pipeline loader does, and runs one document through it.</summary>
public static class StageBuilder
{
    public static IStage Build(string type, string yamlOptions = "{}")
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yamlOptions));
        var node = new OptionsNode("test.yaml", "stages[0]", (YamlMappingNode)stream.Documents[0].RootNode);
        node.MarkRead("type");
        Assert.True(StageCatalog.CreateDefault().TryGet(type, out var factory), $"stage type {type} registered");
        var stage = factory(node, new StageBuildContext
        {
            PipelineFile = "test.yaml", Seed = 1, StageName = type, StateDirectory = Path.GetTempPath(),
        });
        node.EnsureAllKeysKnown();
        return stage;
    }

    public static Document Doc(string text, string? url = null) =>
        new() { Id = "d", Text = text, Url = url, Position = new SourcePosition(0, 0) };

    /// <summary>Runs the document through a freshly opened step; returns the drop reason or null, and the kept text.</summary>
    public static (string? Reason, string? Text) Run(IStage stage, string text, Counters? counters = null, string? url = null)
    {
        var context = new StepContext
        {
            Layout = null!, Shard = null!, ShardCount = 1, Pass = 0, Counters = counters ?? new Counters(),
            Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Seed = 1,
        };
        using var step = ((IDocumentStage)stage).Open(context);
        var result = step.Process(Doc(text, url));
        return (result.DropReason, result.Document?.Text);
    }

    public static string? Reason(string type, string yaml, string text) => Run(Build(type, yaml), text).Reason;
}
