using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataPipe.Cli.Parsing;
using DataPipe.Core.Config;
using DataPipe.Core.Generation;

namespace DataPipe.Cli.Commands;

/// <summary>
/// <c>datapipe generate --input … --out DIR --base-url URL --model M [--mode …]</c>: a one-off build of two stages,
/// <c>generate</c> then <c>write_documents</c>, with the stage's options as flags. It is an ordinary build (resumable,
/// cached, reported), made from a pipeline text this command writes, so it behaves exactly as the stage in a file.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var input = new Option<string[]>("--input", "-i") { Description = "Input path or glob (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out", "-o") { Description = "Build folder", Required = true };
        var format = new Option<string>("--format") { Description = "Output documents: jsonl.gz (default) or parquet", DefaultValueFactory = _ => "jsonl.gz" };
        format.AcceptOnlyFromAmong("jsonl.gz", "parquet");
        var workers = new Option<int?>("--workers", "-w") { Description = "Concurrent tasks (default: the number of cores)" };
        var force = new Option<bool>("--force") { Description = "Discard completed work in the build folder (the response cache stays)" };
        var flags = new OptionFlags<GenerateOptions>("--");
        var command = new Command("generate", "Synthetic data: send each input document, in a prompt, to an OpenAI-compatible server and write the answers")
        {
            input, output, format, workers, force,
        };
        flags.AddTo(command);
        command.SetAction((result, _) =>
        {
            string yaml = PipelineText(flags.Read(result).Values, result.GetValue(format)!);
            var overrides = new PipelineOverrides { Inputs = result.GetValue(input) ?? [], Out = result.GetValue(output), Workers = result.GetValue(workers) };
            return RunCommand.ExecuteAsync(loader => loader.Parse("datapipe generate", yaml, overrides), result.GetValue(force));
        });
        return command;
    }

    /// <summary>The pipeline the flags describe. Values are written as JSON scalars, which YAML reads as they are.</summary>
    internal static string PipelineText(IReadOnlyDictionary<string, object> options, string format)
    {
        var text = new StringBuilder("name: generate\nstages:\n  - type: generate\n");
        foreach (var (key, value) in options.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string scalar = value switch
            {
                string s => JsonSerializer.Serialize(s),
                IReadOnlyList<string> list => JsonSerializer.Serialize(list),
                bool b => b ? "true" : "false",
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => JsonSerializer.Serialize(value),
            };
            text.Append("    ").Append(key).Append(": ").Append(scalar).Append('\n');
        }
        text.Append("  - type: write_documents\n    format: ").Append(format).Append('\n');
        return text.ToString();
    }
}
