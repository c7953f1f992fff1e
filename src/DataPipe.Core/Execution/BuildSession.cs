using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Execution;

/// <summary>A plan with its stages rebuilt from the plan's own pipeline text: what every task of a build shares.</summary>
public sealed class BuildSession
{
    private readonly Dictionary<string, IStage> _stages;

    public BuildSession(Plan plan, PipelineDefinition pipeline)
    {
        Plan = plan;
        Pipeline = pipeline;
        Layout = new BuildLayout(plan.Out);
        _stages = pipeline.Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public Plan Plan { get; }
    public PipelineDefinition Pipeline { get; }
    public BuildLayout Layout { get; }

    public IStage Stage(string name) =>
        _stages.TryGetValue(name, out var stage) ? stage : throw new InvalidDataException($"plan names stage '{name}', which the pipeline does not define");

    /// <summary>Loads a plan written by <c>datapipe run</c> (e.g. inside a Slurm array task).</summary>
    public static BuildSession Open(string planFile, StageCatalog catalog)
    {
        var plan = Plan.Load(planFile);
        var pipeline = new PipelineLoader(catalog).Parse(plan.PipelineFile, plan.PipelineYaml,
            new PipelineOverrides { Inputs = plan.Shards.Select(s => s.Path).Distinct(StringComparer.Ordinal).ToList(), Out = plan.Out }); // a split file's ranges share one path
        return new BuildSession(plan, pipeline);
    }
}
