using System.CommandLine;
using DataPipe.Cli.Parsing;
using DataPipe.Core.Execution.Slurm;

namespace DataPipe.Cli.Commands;

/// <summary>The <c>--slurm-*</c> flags of <c>datapipe run</c>, one per <see cref="SlurmOptions"/> setting; each overrides
/// the same key of the pipeline file's <c>slurm:</c> section (<c>cpus_per_task</c> ↔ <c>--slurm-cpus-per-task</c>).</summary>
public sealed class SlurmCommandOptions
{
    private readonly OptionFlags<SlurmOptions> _flags = new("--slurm-");

    public void AddTo(Command command) => _flags.AddTo(command);

    public SlurmOverrides Read(ParseResult result) => new() { Values = _flags.Read(result) };
}
