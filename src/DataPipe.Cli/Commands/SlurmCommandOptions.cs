using System.CommandLine;
using DataPipe.Core.Execution.Slurm;

namespace DataPipe.Cli.Commands;

/// <summary>The <c>--slurm-*</c> flags of <c>datapipe run</c>; each overrides the same key of the pipeline file's <c>slurm:</c> section.</summary>
public sealed class SlurmCommandOptions
{
    private readonly Option<string?> _partition = new("--slurm-partition") { Description = "Slurm partition (sbatch --partition)" };
    private readonly Option<string?> _account = new("--slurm-account") { Description = "Slurm account to charge (sbatch --account)" };
    private readonly Option<string?> _qos = new("--slurm-qos") { Description = "Slurm QOS (sbatch --qos)" };
    private readonly Option<string?> _time = new("--slurm-time") { Description = "Time limit per array task, e.g. 02:00:00" };
    private readonly Option<int?> _cpus = new("--slurm-cpus-per-task") { Description = "CPUs per array task" };
    private readonly Option<string?> _mem = new("--slurm-mem") { Description = "Memory per array task, e.g. 8G" };
    private readonly Option<int?> _maxConcurrent = new("--slurm-max-concurrent") { Description = "Array tasks of one phase running at once (--array=…%M)" };
    private readonly Option<int?> _tasksPerJob = new("--slurm-tasks-per-job") { Description = "Ranks run one after another in one array task" };
    private readonly Option<int?> _maxArraySize = new("--slurm-max-array-size") { Description = "Split a phase into several array jobs above this size (default: the cluster's MaxArraySize)" };
    private readonly Option<int?> _attempts = new("--slurm-attempts") { Description = "Submissions of a failing rank before the build stops (default 3)" };
    private readonly Option<string[]> _extra = new("--slurm-extra") { Description = "Extra sbatch option, e.g. --slurm-extra=--constraint=cpu (repeatable)" };
    private readonly Option<string[]> _setup = new("--slurm-setup") { Description = "Shell line run before each task in the job, e.g. 'module load dotnet' (repeatable)" };
    private readonly Option<string?> _dotnet = new("--slurm-dotnet") { Description = "dotnet host to use on the compute nodes (default: the one running this command)" };
    private readonly Option<double?> _poll = new("--slurm-poll-seconds") { Description = "How often the queue is polled (default 1)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _partition, _account, _qos, _time, _cpus, _mem, _maxConcurrent, _tasksPerJob, _maxArraySize, _attempts, _extra, _setup, _dotnet, _poll })
            command.Options.Add(option);
    }

    public SlurmOverrides Read(ParseResult result) => new()
    {
        Partition = result.GetValue(_partition),
        Account = result.GetValue(_account),
        Qos = result.GetValue(_qos),
        Time = result.GetValue(_time),
        CpusPerTask = result.GetValue(_cpus),
        Memory = result.GetValue(_mem),
        MaxConcurrent = result.GetValue(_maxConcurrent),
        TasksPerJob = result.GetValue(_tasksPerJob),
        MaxArraySize = result.GetValue(_maxArraySize),
        Attempts = result.GetValue(_attempts),
        ExtraArgs = result.GetValue(_extra) ?? [],
        Setup = result.GetValue(_setup) ?? [],
        Dotnet = result.GetValue(_dotnet),
        PollSeconds = result.GetValue(_poll),
    };
}
