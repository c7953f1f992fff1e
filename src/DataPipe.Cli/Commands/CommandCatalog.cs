using System.CommandLine;

namespace DataPipe.Cli.Commands;

/// <summary>Every <c>datapipe</c> subcommand; each concern adds its own here.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        RunCommand.Create(),
        TaskCommand.Create(),
        StatusCommand.Create(),
        CleanCommand.Create(),
        ReportCommand.Create(),
        StateCommand.Create(),
        TokenizerCommand.Create(),
        ClassifierCommand.Create(),
        InspectCommand.Create(),
        GenerateCommand.Create(),
        Training.TrainCommand.Create(),
        Training.PlanCommand.Create(),
        Training.ScalingCommand.Create(),
        Training.SampleCommand.Create(),
        Training.ServeCommand.Create(),
    ];
}
