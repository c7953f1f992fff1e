using System.Text.RegularExpressions;
using DataPipe.Core.Config;

namespace DataPipe.Core.Execution.Slurm;

/// <summary>
/// How the Slurm executor sizes and submits array jobs. Read from the pipeline file's <c>slurm:</c> section;
/// command-line flags override single fields through <see cref="With"/>.
/// </summary>
public sealed partial record SlurmOptions
{
    /// <summary>Slurm's own default MaxArraySize; a phase with more array elements is split into several jobs.</summary>
    public const int DefaultMaxArraySize = 1001;

    public string? Partition { get; init; }
    public string? Account { get; init; }
    public string? Qos { get; init; }

    /// <summary>Time limit per array task in a form sbatch accepts (<c>MM</c>, <c>HH:MM:SS</c>, <c>D-HH</c>…).</summary>
    public string? Time { get; init; }

    public int? CpusPerTask { get; init; }

    /// <summary>Memory per array task, e.g. <c>4G</c> (sbatch <c>--mem</c>).</summary>
    public string? Memory { get; init; }

    /// <summary>At most this many array tasks of one job run at once (<c>--array=…%M</c>); null means no throttle.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>Ranks run one after another inside one array task, to amortize scheduling cost of small tasks.</summary>
    public int TasksPerJob { get; init; } = 1;

    /// <summary>Null means: ask the cluster (<c>scontrol show config</c>), falling back to Slurm's default.</summary>
    public int? MaxArraySize { get; init; }

    /// <summary>Submissions per phase before a rank that keeps failing ends the build (the first run counts).</summary>
    public int Attempts { get; init; } = 3;

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Shell lines run before each rank inside the array task (e.g. <c>module load dotnet</c>).</summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>The dotnet host used inside the job; null means the one running this build.</summary>
    public string? Dotnet { get; init; }

    public double PollSeconds { get; init; } = 1.0;

    public static SlurmOptions Read(OptionsNode? section)
    {
        if (section is null) return new SlurmOptions();
        var options = new SlurmOptions
        {
            Partition = section.GetString("partition"),
            Account = section.GetString("account"),
            Qos = section.GetString("qos"),
            Time = section.GetString("time"),
            CpusPerTask = section.Has("cpus_per_task") ? section.GetInt("cpus_per_task", 1, 1, 4096) : null,
            Memory = section.GetString("mem"),
            MaxConcurrent = section.Has("max_concurrent") ? section.GetInt("max_concurrent", 1, 1, 1_000_000) : null,
            TasksPerJob = section.GetInt("tasks_per_job", 1, 1, 1_000_000),
            MaxArraySize = section.Has("max_array_size") ? section.GetInt("max_array_size", DefaultMaxArraySize, 1, 4_000_000) : null,
            Attempts = section.GetInt("attempts", 3, 1, 100),
            ExtraArgs = section.GetStringList("extra_args"),
            Setup = section.GetStringList("setup"),
            Dotnet = section.GetString("dotnet"),
            PollSeconds = section.GetDouble("poll_seconds", 1.0, 0.05, 600),
        };
        options.Validate(section.File, section.Path);
        section.EnsureAllKeysKnown();
        return options;
    }

    /// <summary>Throws a <see cref="ConfigException"/> for values sbatch would reject only after submission.</summary>
    public void Validate(string origin, string sectionPath)
    {
        string Key(string k) => string.IsNullOrEmpty(sectionPath) ? k : $"{sectionPath}.{k}";
        if (Time is not null && !TimePattern().IsMatch(Time))
            throw new ConfigException(origin, Key("time"), 0, 0, $"'{Time}' is not a Slurm time limit (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)");
        if (Memory is not null && !MemoryPattern().IsMatch(Memory))
            throw new ConfigException(origin, Key("mem"), 0, 0, $"'{Memory}' is not a Slurm memory size (e.g. 4096, 4G, 512M)");
        foreach (var value in new[] { Partition, Account, Qos })
            if (value is not null && !NamePattern().IsMatch(value))
                throw new ConfigException(origin, sectionPath, 0, 0, $"'{value}' is not a valid Slurm partition/account/qos name");
        foreach (var arg in ExtraArgs)
            if (!arg.StartsWith('-') || arg.Contains('\n'))
                throw new ConfigException(origin, Key("extra_args"), 0, 0, $"'{arg}' is not an sbatch option (expected e.g. --constraint=cpu)");
    }

    /// <summary>A copy with every non-null override applied; extra arguments and setup lines are appended.</summary>
    public SlurmOptions With(SlurmOverrides o) => this with
    {
        Partition = o.Partition ?? Partition,
        Account = o.Account ?? Account,
        Qos = o.Qos ?? Qos,
        Time = o.Time ?? Time,
        CpusPerTask = o.CpusPerTask ?? CpusPerTask,
        Memory = o.Memory ?? Memory,
        MaxConcurrent = o.MaxConcurrent ?? MaxConcurrent,
        TasksPerJob = o.TasksPerJob ?? TasksPerJob,
        MaxArraySize = o.MaxArraySize ?? MaxArraySize,
        Attempts = o.Attempts ?? Attempts,
        ExtraArgs = [.. ExtraArgs, .. o.ExtraArgs],
        Setup = [.. Setup, .. o.Setup],
        Dotnet = o.Dotnet ?? Dotnet,
        PollSeconds = o.PollSeconds ?? PollSeconds,
    };

    [GeneratedRegex(@"^(\d+-)?\d+(:\d+){0,2}$|^\d+-\d+$|^(UNLIMITED|INFINITE)$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^\d+[KMGT]?$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex NamePattern();
}

/// <summary>Command-line values for <see cref="SlurmOptions"/>: a value replaces the file's, null keeps it; list entries are added after the file's.</summary>
public sealed record SlurmOverrides
{
    public string? Partition { get; init; }
    public string? Account { get; init; }
    public string? Qos { get; init; }
    public string? Time { get; init; }
    public int? CpusPerTask { get; init; }
    public string? Memory { get; init; }
    public int? MaxConcurrent { get; init; }
    public int? TasksPerJob { get; init; }
    public int? MaxArraySize { get; init; }
    public int? Attempts { get; init; }
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
    public IReadOnlyList<string> Setup { get; init; } = [];
    public string? Dotnet { get; init; }
    public double? PollSeconds { get; init; }
}
