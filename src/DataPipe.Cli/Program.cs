using System.CommandLine;
using DataPipe.Cli.Commands;

namespace DataPipe.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("DataPipe: builds LLM pretraining corpora from web-crawl shards (dedup, filters, PII, tokenization) and trains on them.");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        // The host owns SIGINT/SIGTERM (stop at a task boundary); System.CommandLine must not kill the process first.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
