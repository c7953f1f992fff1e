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
        var inference = new Option<string?>("--inference-tokens") { Description = "Tokens the model will serve over its life (e.g. 2T): plan for training + inference FLOPs (Sardana et al. 2024)" };
        var targetLoss = new Option<string?>("--target-loss") { Description = "With --inference-tokens: the predicted loss to reach (instead of --params or --flops)" };
        var lawName = new Option<string>("--law") { Description = "Parametric law for --inference-tokens: epoch (default) or hoffmann", DefaultValueFactory = _ => "epoch" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON" };
        var command = new Command("plan", "Compute-optimal model size, tokens and FLOPs (Chinchilla 20:1 rule and parametric laws), or inference-aware with --inference-tokens")
        {
            parameters, flops, tokens, corpus, inference, targetLoss, lawName, json,
        };
        command.SetAction(result =>
        {
            try
            {
                var options = new JsonSerializerOptions { WriteIndented = true };
                if (result.GetValue(inference) is { } served)
                {
                    var inferencePlan = BuildInferenceAware(served, result.GetValue(targetLoss), result.GetValue(parameters), result.GetValue(flops),
                        result.GetValue(tokens) ?? result.GetValue(corpus), result.GetValue(lawName)!);
                    if (result.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(inferencePlan, options));
                    else PrintInferenceAware(inferencePlan);
                    return ExitCodes.Success;
                }
                if (result.GetValue(targetLoss) is not null) throw new ArgumentException("--target-loss plans for inference: give --inference-tokens with it");
                var plan = Build(result.GetValue(parameters), result.GetValue(flops), result.GetValue(tokens), result.GetValue(corpus));
                if (result.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(plan, options));
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
            d = TokenManifestLoader.Load(corpus).Tokens;
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

    private static InferenceAwarePlan BuildInferenceAware(string served, string? targetLoss, string? parameters, string? flops, string? tokens, string lawName)
    {
        if (!TrainingPlan.KnownLaws.TryGetValue(lawName, out var law))
            throw new ArgumentException($"--law must be one of {string.Join(", ", TrainingPlan.KnownLaws.Keys)}, got '{lawName}'");
        if (tokens is not null) throw new ArgumentException("--inference-tokens chooses D itself: give --target-loss, --params or --flops, not --tokens or --corpus");
        double t = served.Trim() is "0" ? 0 : SiNumber.Parse(served);
        int given = (targetLoss is null ? 0 : 1) + (parameters is null ? 0 : 1) + (flops is null ? 0 : 1);
        if (given != 1) throw new ArgumentException("with --inference-tokens give exactly one of --target-loss, --params or --flops");
        if (targetLoss is not null)
        {
            if (!double.TryParse(targetLoss, NumberStyles.Float, CultureInfo.InvariantCulture, out double loss) || !double.IsFinite(loss))
                throw new ArgumentException($"--target-loss expects a number such as 2.1, got '{targetLoss}'");
            return InferenceAwarePlan.ForLoss(lawName, law, loss, t);
        }
        return parameters is not null
            ? InferenceAwarePlan.ForParameters(lawName, law, SiNumber.Parse(parameters), t)
            : InferenceAwarePlan.ForFlops(lawName, law, SiNumber.Parse(flops!), t);
    }

    private static void PrintInferenceAware(InferenceAwarePlan plan)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"target: predicted loss {plan.TargetLoss:F4} under the {plan.Law} law, serving T = {SiNumber.Format(plan.InferenceTokens)} tokens (2N FLOPs each)"));
        Console.WriteLine(string.Create(c, $"plan:             N = {SiNumber.Format(plan.Parameters)}, D = {SiNumber.Format(plan.Tokens)} (D/N = {plan.TokensPerParameter:0.#}); training {plan.TrainingFlops:0.00e+00} + inference {plan.InferenceFlops:0.00e+00} = {plan.TotalFlops:0.00e+00} FLOPs"));
        Console.WriteLine(string.Create(c, $"compute-optimal:  N = {SiNumber.Format(plan.ComputeOptimalParameters)}, D = {SiNumber.Format(plan.ComputeOptimalTokens)} (D/N = {plan.ComputeOptimalTokens / plan.ComputeOptimalParameters:0.#}); total {plan.ComputeOptimalTotalFlops:0.00e+00} FLOPs"));
        Console.WriteLine(string.Create(c, $"moves: N × {plan.Parameters / plan.ComputeOptimalParameters:0.###}, D × {plan.Tokens / plan.ComputeOptimalTokens:0.###}; saves {plan.SavedFlops:0.00e+00} FLOPs ({plan.SavedFraction:P1} of the compute-optimal plan's total)"));
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
