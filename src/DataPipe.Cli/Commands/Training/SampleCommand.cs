using System.CommandLine;
using DataPipe.Training.Data;
using DataPipe.Training.Inference;

namespace DataPipe.Cli.Commands.Training;

/// <summary><c>datapipe sample --model RUN --prompt TEXT</c>: print a continuation from a trained model.</summary>
public static class SampleCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The --out folder of a `datapipe train` run", Required = true };
        var prompt = new Option<string>("--prompt") { Description = "Text to continue", DefaultValueFactory = _ => "" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "New tokens at most (default 64)", DefaultValueFactory = _ => 64 };
        var temperature = new Option<double>("--temperature") { Description = "0 = greedy (default 0.8)", DefaultValueFactory = _ => 0.8 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling mass (default 0.95)", DefaultValueFactory = _ => 0.95 };
        var seed = new Option<long>("--seed") { Description = "Seed of the draw (default 0)", DefaultValueFactory = _ => 0 };
        var device = new Option<string?>("--device") { Description = "cpu or cuda (default: CUDA when available)" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var command = new Command("sample", "Print a continuation of a prompt from a trained model") { model, prompt, maxTokens, temperature, topP, seed, device };
        command.SetAction(result =>
        {
            try
            {
                using var sampler = GptSampler.Load(result.GetValue(model)!, result.GetValue(device));
                var options = new SamplingOptions(result.GetValue(maxTokens), result.GetValue(temperature), result.GetValue(topP), result.GetValue(seed));
                var completion = sampler.Complete(result.GetValue(prompt)!, options);
                Console.WriteLine(result.GetValue(prompt) + completion.Text);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is TrainingDataException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ConfigError;
            }
        });
        return command;
    }
}
