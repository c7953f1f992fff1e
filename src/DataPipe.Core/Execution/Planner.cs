using System.Security.Cryptography;
using System.Text;
using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Execution;

/// <summary>Cuts a pipeline into passes at each global stage, with the global stage's resolve phases in between.</summary>
public static class Planner
{
    public static Plan Create(PipelineDefinition pipeline, IReadOnlyList<InputShard> shards)
    {
        var phases = new List<PhasePlan>();
        var resolvedGlobals = new List<IGlobalStage>();
        int pass = 0;
        for (int i = 0; i < pipeline.Stages.Count; i++)
        {
            if (pipeline.Stages[i] is not IGlobalStage global) continue;
            var steps = Steps(pipeline.Stages, i, resolvedGlobals);
            steps.Add(new PassStep(global.Name, StepMode.Sign));
            phases.Add(new PhasePlan { Name = $"pass-{pass + 1}", Kind = PhaseKind.Pass, Tasks = shards.Count, Pass = pass, Steps = steps });
            pass++;
            for (int r = 0; r < global.ResolvePhases.Count; r++)
            {
                var resolve = global.ResolvePhases[r];
                phases.Add(new PhasePlan
                {
                    Name = $"{global.Name}.{resolve.Name}",
                    Kind = PhaseKind.Resolve,
                    Tasks = Math.Max(1, resolve.TaskCount(shards.Count)),
                    Stage = global.Name,
                    ResolveIndex = r,
                });
            }
            resolvedGlobals.Add(global);
        }
        var last = Steps(pipeline.Stages, pipeline.Stages.Count, resolvedGlobals);
        phases.Add(new PhasePlan { Name = $"pass-{pass + 1}", Kind = PhaseKind.Pass, Tasks = shards.Count, Pass = pass, FinalPass = true, Steps = last });
        phases.Add(new PhasePlan { Name = "finalize", Kind = PhaseKind.Finalize, Tasks = 1 });

        return new Plan
        {
            PipelineName = pipeline.Name,
            PipelineFile = pipeline.File,
            PipelineYaml = pipeline.Yaml,
            ConfigHash = ConfigHash(pipeline, shards),
            Out = Path.GetFullPath(pipeline.Out),
            Seed = pipeline.Seed,
            Shards = shards,
            Phases = phases,
        };
    }

    /// <summary>Every pass re-reads the input and replays the stages before its cut; resolved global stages apply their drop lists.</summary>
    private static List<PassStep> Steps(IReadOnlyList<IStage> stages, int end, List<IGlobalStage> resolved)
    {
        var steps = new List<PassStep>();
        for (int i = 0; i < end; i++)
        {
            var stage = stages[i];
            if (stage is IGlobalStage g)
            {
                if (resolved.Contains(g)) steps.Add(new PassStep(g.Name, StepMode.Apply));
            }
            else steps.Add(new PassStep(stage.Name, StepMode.Run));
        }
        return steps;
    }

    /// <summary>Hash of everything that decides the output: pipeline text and the input shards (path and size).</summary>
    public static string ConfigHash(PipelineDefinition pipeline, IReadOnlyList<InputShard> shards)
    {
        var sb = new StringBuilder();
        sb.Append("datapipe-plan-v").Append(Plan.CurrentFormatVersion).Append('\n').Append(pipeline.Yaml).Append('\n');
        foreach (var s in shards) sb.Append(s.Index).Append('\t').Append(s.Path).Append('\t').Append(s.Bytes).Append('\t').Append(s.Format).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
