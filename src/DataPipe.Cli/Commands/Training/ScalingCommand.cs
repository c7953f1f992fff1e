using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataPipe.Training.Planning;

namespace DataPipe.Cli.Commands.Training;

/// <summary><c>datapipe scaling fit runs.csv</c>: fit L(N, D) = E + A/N^α + B/D^β to training runs (Approach 3).</summary>
public static class ScalingCommand
{
    public static Command Create()
    {
        var runs = new Argument<string>("runs") { Description = "CSV with a header holding at least params, tokens, loss" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON" };
        var fit = new Command("fit", "Fit the Chinchilla parametric law to runs (Huber on log-loss, L-BFGS from a grid)") { runs, json };
        fit.SetAction(result =>
        {
            try
            {
                var points = ScalingRunsCsv.Load(result.GetValue(runs)!);
                var law = ScalingFit.Fit(points);
                if (result.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
                    {
                        ["E"] = law.E, ["A"] = law.A, ["B"] = law.B, ["alpha"] = law.Alpha, ["beta"] = law.Beta,
                        ["a"] = law.ParameterExponent, ["b"] = law.TokenExponent, ["G"] = law.G, ["runs"] = points.Count,
                    },
                        new JsonSerializerOptions { WriteIndented = true }));
                    return ExitCodes.Success;
                }
                var c = CultureInfo.InvariantCulture;
                Console.WriteLine($"fitted on {points.Count} runs: {law}");
                Console.WriteLine(string.Create(c, $"compute-optimal allocation: N_opt ∝ C^{law.ParameterExponent:F3}, D_opt ∝ C^{law.TokenExponent:F3} (G = {law.G:G4})"));
                foreach (var flops in new[] { 1e18, 1e19, 1e20, 1e21, 1e22 })
                {
                    double n = law.OptimalParameters(flops), d = law.OptimalTokens(flops);
                    Console.WriteLine(string.Create(c, $"  C = {flops:0e+00}: N = {SiNumber.Format(n)}, D = {SiNumber.Format(d)}, D/N = {d / n:0.#}, loss {law.Loss(n, d):F4}"));
                }
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ConfigError;
            }
        });
        return new Command("scaling", "Scaling-law tools") { fit };
    }
}
