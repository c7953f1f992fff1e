using System.Security.Cryptography;
using System.Text;
using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Execution;

/// <summary>
/// Cuts a pipeline into passes at each global stage, with the global stage's resolve phases in between. Each pass
/// but the last hands the documents it kept to the next (<c>carry_documents</c>), so the input is read, decoded and
/// extracted once and every stage runs once per document.
/// </summary>
public static class Planner
{
    public static Plan Create(PipelineDefinition pipeline, IReadOnlyList<InputShard> shards)
    {
        var phases = new List<PhasePlan>();
        var resolvedGlobals = new List<IGlobalStage>();
        bool carry = pipeline.CarryDocuments;
        int pass = 0, segmentStart = 0;
        string? previousPass = null;
        for (int i = 0; i < pipeline.Stages.Count; i++)
        {
            if (pipeline.Stages[i] is not IGlobalStage global) continue;
            var steps = carry ? Segment(pipeline.Stages, segmentStart, i, resolvedGlobals) : Replay(pipeline.Stages, i, resolvedGlobals);
            steps.Add(new PassStep(global.Name, StepMode.Sign));
            string name = $"pass-{pass + 1}";
            phases.Add(new PhasePlan
            {
                Name = name, Kind = PhaseKind.Pass, Tasks = shards.Count, Pass = pass, Steps = steps,
                ReadsCarryOf = carry ? previousPass : null, WritesCarry = carry,
            });
            previousPass = name;
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
            segmentStart = i + 1;
        }
        var last = carry ? Segment(pipeline.Stages, segmentStart, pipeline.Stages.Count, resolvedGlobals) : Replay(pipeline.Stages, pipeline.Stages.Count, resolvedGlobals);
        phases.Add(new PhasePlan
        {
            Name = $"pass-{pass + 1}", Kind = PhaseKind.Pass, Tasks = shards.Count, Pass = pass, FinalPass = true, Steps = last,
            ReadsCarryOf = carry ? previousPass : null,
        });
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

    /// <summary>
    /// A pass that reads the previous pass's carried documents: the global stage resolved last applies its drop list,
    /// then the stages up to this pass's cut run. Nothing before the previous cut runs again.
    /// </summary>
    private static List<PassStep> Segment(IReadOnlyList<IStage> stages, int start, int end, List<IGlobalStage> resolved)
    {
        var steps = new List<PassStep>();
        if (resolved.Count > 0) steps.Add(new PassStep(resolved[^1].Name, StepMode.Apply));
        for (int i = start; i < end; i++) steps.Add(new PassStep(stages[i].Name, StepMode.Run));
        return steps;
    }

    /// <summary>With <c>carry_documents: false</c>, every pass re-reads the input and replays the stages before its
    /// cut; resolved global stages apply their drop lists.</summary>
    private static List<PassStep> Replay(IReadOnlyList<IStage> stages, int end, List<IGlobalStage> resolved)
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

    /// <summary>Hash of everything that decides the output: pipeline text and the input shards (path, size, range and its decompressed part).</summary>
    public static string ConfigHash(PipelineDefinition pipeline, IReadOnlyList<InputShard> shards)
    {
        var sb = new StringBuilder();
        sb.Append("datapipe-plan-v").Append(Plan.CurrentFormatVersion).Append('\n').Append(pipeline.Yaml).Append('\n');
        foreach (var s in shards)
        {
            sb.Append(s.Index).Append('\t').Append(s.Path).Append('\t').Append(s.Bytes).Append('\t').Append(s.Format);
            // Only ranges add to the line, so the hash of a build that splits nothing is what it was before splitting existed.
            if (s.IsRange) sb.Append('\t').Append(s.Start).Append('\t').Append(s.End).Append('\t').Append(s.FirstOrdinal);
            if (s.Decoded is { } d) sb.Append('\t').Append(d.Start).Append('\t').Append(d.Skip).Append('\t').Append(d.Length);
            sb.Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
