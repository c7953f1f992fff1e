using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Config;

/// <summary>Reads and validates a pipeline file. Every problem becomes one <see cref="ConfigException"/> naming file, key and line.</summary>
public sealed class PipelineLoader(StageCatalog catalog)
{
    public PipelineDefinition Load(string file, PipelineOverrides? overrides = null)
    {
        if (!System.IO.File.Exists(file))
            throw new ConfigException(file, "", 0, 0, "pipeline file not found");
        return Parse(file, System.IO.File.ReadAllText(file), overrides ?? new PipelineOverrides());
    }

    public PipelineDefinition Parse(string file, string yaml, PipelineOverrides overrides)
    {
        var root = OptionsNode.Parse(file, yaml);
        string name = root.GetString("name", Path.GetFileNameWithoutExtension(file))!;
        long seed = root.GetLong("seed", 42, 0);
        int workers = overrides.Workers ?? root.GetInt("workers", Environment.ProcessorCount, 1, 1024);
        if (overrides.Workers is { } w && (w < 1 || w > 1024))
            throw new ConfigException("--workers", "", 0, 0, $"must be between 1 and 1024, got {w}");
        root.MarkRead("workers");
        string outDir = overrides.Out ?? root.GetString("out", Path.Combine("out", name))!;
        root.MarkRead("out");
        string stateDir = root.GetString("state", "state")!;
        long maxRecord = root.GetLong("max_record_bytes", 64L << 20, 1024, 4L << 30);
        var truncatedRecords = root.GetChoice("truncated_records", "keep", "keep", "quarantine") == "keep"
            ? Formats.TruncatedRecords.Keep : Formats.TruncatedRecords.Quarantine;
        int rejected = root.GetInt("rejected_samples", 20, 0, 100_000);
        double maxMissing = root.GetDouble("max_missing_fraction", 0.0, 0.0, 1.0);
        bool cleanIntermediates = root.GetBool("clean_intermediates", false);
        bool carryDocuments = root.GetBool("carry_documents", true);
        string executor = root.GetChoice("executor", ExecutorCatalog.Default, [.. ExecutorCatalog.Names]);
        var slurm = SlurmOptions.Read(root.GetSection("slurm"));

        var inputs = overrides.Inputs.Count > 0
            ? overrides.Inputs.Select(p => new InputSpec { Path = p, Origin = "--input" }).ToList()
            : root.GetSectionList("inputs").Select(InputSpec.Read).ToList();
        if (overrides.BaseUrl is { } baseUrl)
            inputs = inputs.Select(i => i.PathsFile is null ? i : i with { BaseUrl = baseUrl }).ToList();
        root.MarkRead("inputs");
        if (inputs.Count == 0)
            throw root.Error("inputs", "at least one input is required (a path, a glob or a paths_file)");

        var remote = Input.Remote.RemoteOptions.Read(root.GetSection("remote"));
        root.MarkRead("remote");

        var stages = new List<IStage>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in root.GetSectionList("stages"))
        {
            string type = node.RequireString("type");
            if (!catalog.TryGet(type, out var factory))
                throw node.Error("type", $"unknown stage type '{type}' (known: {string.Join(", ", catalog.Types)})");
            string stageName = node.GetString("name", type)!;
            if (!names.Add(stageName))
                throw node.Error("name", $"two stages are named '{stageName}'; give one a different 'name:'");
            var stage = factory(node, new StageBuildContext
            {
                PipelineFile = file, Seed = seed, StageName = stageName, StateDirectory = stateDir, EarlierStages = stages.ToArray(),
            });
            node.EnsureAllKeysKnown();
            stages.Add(stage);
        }
        root.EnsureAllKeysKnown();
        if (root.Has("stages") && stages.Count == 0)
            throw root.Error("stages", "the list is empty: a pipeline needs at least one stage (e.g. write_documents)");

        return new PipelineDefinition
        {
            Name = name,
            File = file,
            Yaml = yaml,
            Inputs = inputs,
            Out = outDir,
            Workers = workers,
            Seed = seed,
            StateDirectory = stateDir,
            MaxRecordBytes = maxRecord,
            TruncatedRecords = truncatedRecords,
            RejectedSamplesPerReason = rejected,
            MaxMissingFraction = maxMissing,
            CleanIntermediates = cleanIntermediates,
            CarryDocuments = carryDocuments,
            Stages = stages,
            Remote = remote,
            Executor = executor,
            Slurm = slurm,
        };
    }
}
