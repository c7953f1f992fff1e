using System.CommandLine;
using System.CommandLine.Help;
using DataPipe.Cli.Commands;
using DataPipe.Cli.Hosting;
using DataPipe.Cli.Parsing;

namespace DataPipe.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("DataPipe: builds LLM pretraining corpora from web-crawl shards (dedup, filters, PII, tokenization) and trains on them.");
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace of a failure", Recursive = true };
        root.Options.Add(verbose);
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Action is not HelpAction && CommandLineErrors.FirstProblem(parsed, args) is { } problem)
        {
            // A command-line mistake is a configuration error: nothing ran (README: exit 2).
            await Console.Error.WriteLineAsync($"error: {problem} (see '{string.Join(' ', ["datapipe", .. CommandWords(parsed)])} --help')").ConfigureAwait(false);
            return ExitCodes.ConfigError;
        }
        // Cluster tasks write to their rank log: keep the whole trace there.
        Failure.Verbose = parsed.GetValue(verbose) || parsed.CommandResult.Command.Name == "task";
        try
        {
            // The host owns SIGINT/SIGTERM (stop at a task boundary); System.CommandLine must not kill the process first.
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false })
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failure.Report(e, Console.Error);
        }
    }

    private static IEnumerable<string> CommandWords(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent) names.Add(r.Command.Name);
        names.Reverse();
        return names;
    }
}
