using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataPipe.Training.Data;
using DataPipe.Training.Planning;

namespace DataPipe.Cli.Commands.Training;

/// <summary><c>datapipe plan --params N | --flops C | --tokens D | --corpus manifest.json</c>: compute-optimal planning.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var parameters = new Option<string?>("--params") { Description = "Model size N (e.g. 70B, 124M)" };
        var flops = new Option<string?>("--flops") { Description = "Compute budget C in FLOPs (e.g. 5.76e23)" };
        var tokens = new Option<string?>("--tokens") { Description = "Training tokens D (e.g. 1.4T); with --params: an over/under-training view" };
        var corpus = new Option<string?>("--corpus") { Description = "tokens/manifest.json: D = the corpus's tokens" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON" };
        var command = new Command("plan", "Compute-optimal model size, tokens and FLOPs (Chinchilla 20:1 rule and parametric laws)")
        {
            parameters, flops, tokens, corpus, json,
        };
        command.SetAction(result =>
        {
            try
            {
                var plan = Build(result.GetValue(parameters), result.GetValue(flops), result.GetValue(tokens), result.GetValue(corpus));
                if (result.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(plan, new JsonSerializerOptions { WriteIndented = true }));
                else Print(plan);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or TrainingDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ConfigError;
            }
        });
        return command;
    }

    private static TrainingPlan Build(string? parameters, string? flops, string? tokens, string? corpus)
    {
        double? n = parameters is null ? null : SiNumber.Parse(parameters);
        double? d = tokens is null ? null : SiNumber.Parse(tokens);
        if (corpus is not null)
        {
            if (d is not null) throw new ArgumentException("give --tokens or --corpus, not both");
            d = TokenManifest.Load(corpus).Tokens;
        }
        if (flops is not null)
        {
            if (n is not null || d is not null) throw new ArgumentException("--flops stands alone (N and D follow from it)");
            return TrainingPlan.ForFlops(SiNumber.Parse(flops));
        }
        return (n, d) switch
        {
            ({ } p, { } t) => TrainingPlan.ForModel(p, t),
            ({ } p, null) => TrainingPlan.ForParameters(p),
            (null, { } t) => TrainingPlan.ForTokens(t),
            _ => throw new ArgumentException("give one of --params, --flops, --tokens or --corpus (or --params with --tokens)"),
        };
    }

    private static void Print(TrainingPlan plan)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"plan: N = {SiNumber.Format(plan.Parameters)} parameters, D = {SiNumber.Format(plan.Tokens)} tokens, D/N = {plan.TokensPerParameter:0.#} tokens/parameter (Chinchilla: 20)"));
        Console.WriteLine(string.Create(c, $"compute: C ≈ 6ND = {plan.Flops:0.00e+00} FLOPs"));
        Console.WriteLine(string.Create(c, $"20:1 rule at this C: N = {SiNumber.Format(plan.ComputeOptimalParameters)}, D = {SiNumber.Format(plan.ComputeOptimalTokens)}"));
        foreach (var (name, view) in plan.Laws)
        {
            Console.WriteLine(string.Create(c, $"{name,-8} {view.Law}"));
            Console.WriteLine(string.Create(c, $"         predicted loss {view.Loss:F4}; compute-optimal at this C: N = {SiNumber.Format(view.ComputeOptimalParameters)}, D = {SiNumber.Format(view.ComputeOptimalTokens)} (D/N = {view.ComputeOptimalTokens / view.ComputeOptimalParameters:0.#}), loss {view.ComputeOptimalLoss:F4}"));
        }
    }
}
