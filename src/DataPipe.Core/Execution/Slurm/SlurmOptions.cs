using System.Text.RegularExpressions;
using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;

namespace DataPipe.Core.Execution.Slurm;

/// <summary>
/// How the Slurm executor sizes and submits array jobs. Read from the pipeline file's <c>slurm:</c> section;
/// command-line flags override single fields through <see cref="With"/>.
/// </summary>
public sealed partial record SlurmOptions : IValidatedOptions
{
    /// <summary>Slurm's own default MaxArraySize; a phase with more array elements is split into several jobs.</summary>
    public const int DefaultMaxArraySize = 1001;

    [Help("Slurm partition (sbatch --partition)")] public string? Partition { get; init; }
    [Help("Slurm account to charge (sbatch --account)")] public string? Account { get; init; }
    [Help("Slurm QOS (sbatch --qos)")] public string? Qos { get; init; }

    /// <summary>Time limit per array task in a form sbatch accepts (<c>MM</c>, <c>HH:MM:SS</c>, <c>D-HH</c>…).</summary>
    [Help("Time limit per array task, e.g. 02:00:00")] public string? Time { get; init; }

    [Range(1, 4096), Help("CPUs per array task")] public int? CpusPerTask { get; init; }

    /// <summary>Memory per array task, e.g. <c>4G</c> (sbatch <c>--mem</c>).</summary>
    [Key("mem"), Help("Memory per array task, e.g. 8G")] public string? Memory { get; init; }

    /// <summary>At most this many array tasks of one job run at once (<c>--array=…%M</c>); null means no throttle.</summary>
    [Range(1, 1_000_000), Help("Array tasks of one phase running at once (--array=…%M)")] public int? MaxConcurrent { get; init; }

    /// <summary>Ranks run one after another inside one array task, to amortize scheduling cost of small tasks.</summary>
    [Range(1, 1_000_000), Help("Ranks run one after another in one array task")] public int TasksPerJob { get; init; } = 1;

    /// <summary>Null means: ask the cluster (<c>scontrol show config</c>), falling back to Slurm's default.</summary>
    [Range(1, 4_000_000), Help("Split a phase into several array jobs above this size (default: the cluster's MaxArraySize)")]
    public int? MaxArraySize { get; init; }

    /// <summary>Submissions per phase before a rank that keeps failing ends the build (the first run counts).</summary>
    [Range(1, 100), Help("Submissions of a failing rank before the build stops (default 3)")] public int Attempts { get; init; } = 3;

    [FlagAlias("extra"), Help("Extra sbatch option, e.g. --slurm-extra=--constraint=cpu (repeatable)")]
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Shell lines run before each rank inside the array task (e.g. <c>module load dotnet</c>).</summary>
    [Help("Shell line run before each task in the job, e.g. 'module load dotnet' (repeatable)")]
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>The dotnet host used inside the job; null means the one running this build.</summary>
    [Help("dotnet host to use on the compute nodes (default: the one running this command)")] public string? Dotnet { get; init; }

    [Range(0.05, 600), Help("How often the queue is polled (default 1)")] public double PollSeconds { get; init; } = 1.0;

    /// <summary>The pipeline file's <c>slurm:</c> section (absent: the defaults); every problem names its key and line.</summary>
    public static SlurmOptions Read(OptionsNode? section) => section is null ? new SlurmOptions() : OptionBinder.BindAll<SlurmOptions>(section);

    /// <summary>Values sbatch would reject only after submission.</summary>
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (Time is not null && !TimePattern().IsMatch(Time))
            yield return ("time", $"'{Time}' is not a Slurm time limit (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)");
        if (Memory is not null && !MemoryPattern().IsMatch(Memory))
            yield return ("mem", $"'{Memory}' is not a Slurm memory size (e.g. 4096, 4G, 512M)");
        foreach (var (key, value) in new[] { ("partition", Partition), ("account", Account), ("qos", Qos) })
            if (value is not null && !NamePattern().IsMatch(value))
                yield return (key, $"'{value}' is not a valid Slurm partition/account/qos name");
        foreach (var arg in ExtraArgs)
            if (!arg.StartsWith('-') || arg.Contains('\n'))
                yield return ("extra_args", $"'{arg}' is not an sbatch option (expected e.g. --constraint=cpu)");
    }

    /// <summary>Throws a <see cref="ConfigException"/> for any value outside its declared range or pattern.</summary>
    public void Validate(string origin, string sectionPath) => OptionBinder.Check(this, origin, sectionPath);

    /// <summary>A copy with every command-line override applied; extra arguments and setup lines are appended.</summary>
    public SlurmOptions With(SlurmOverrides o) => o.ApplyTo(this);

    [GeneratedRegex(@"^(\d+-)?\d+(:\d+){0,2}$|^\d+-\d+$|^(UNLIMITED|INFINITE)$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^\d+[KMGT]?$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex NamePattern();
}

/// <summary>Command-line values for <see cref="SlurmOptions"/>, by key: a value replaces the file's, list entries are
/// added after the file's. The flags are made from <see cref="SlurmOptions"/>'s declarations, so a new setting is one property.</summary>
public sealed class SlurmOverrides
{
    public OptionOverrides Values { get; init; } = new();

    public SlurmOptions ApplyTo(SlurmOptions options) => Values.ApplyTo(options);
}
