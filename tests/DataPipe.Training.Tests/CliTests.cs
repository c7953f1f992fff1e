using System.Diagnostics;
using System.Text.Json;

namespace DataPipe.Training.Tests;

/// <summary>The training commands run as the real <c>datapipe</c> process.</summary>
[Collection(TorchCollection.Name)]
public sealed class CliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "DataPipe.sln"))) dir = Path.GetDirectoryName(dir)!;
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(dir, "src", "DataPipe.Cli", "bin", config, "net10.0", "datapipe.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    [Fact]
    public void Plan_prints_the_20_to_1_counterpart_as_json()
    {
        var (code, stdout, stderr) = Run("plan", "--params", "70B", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(1.4e12, json.RootElement.GetProperty("tokens").GetDouble(), 1);
        Assert.Equal(5.88e23, json.RootElement.GetProperty("flops").GetDouble(), 1e9);
        Assert.True(json.RootElement.GetProperty("laws").TryGetProperty("epoch", out _));
    }

    [Fact]
    public void Plan_with_inference_tokens_recommends_a_smaller_model_and_keeps_the_compute_optimal_point_beside_it()
    {
        var (code, stdout, stderr) = Run("plan", "--params", "7B", "--inference-tokens", "10T", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(7e9, root.GetProperty("compute_optimal_params").GetDouble(), 7e9 * 1e-9);
        Assert.True(root.GetProperty("params").GetDouble() < 7e9);
        Assert.True(root.GetProperty("tokens").GetDouble() > root.GetProperty("compute_optimal_tokens").GetDouble());
        Assert.True(root.GetProperty("saved_flops").GetDouble() > 0);

        var (refused, _, error) = Run("plan", "--inference-tokens", "1T", "--target-loss", "1.5");
        Assert.Equal(2, refused);
        Assert.Contains("irreducible", error);
    }

    [Fact]
    public void Scaling_fit_reads_runs_csv_and_prints_the_law_as_json()
    {
        using var dir = new TempDirectory();
        var csv = dir.Combine("runs.csv");
        var truth = Planning.ScalingLaw.Epoch;
        var lines = new List<string> { "name,params,tokens,loss" };
        foreach (var n in new[] { 5e7, 2e8, 1e9, 5e9 })
        foreach (var r in new[] { 4.0, 20, 80 })
            lines.Add(FormattableString.Invariant($"run,{n},{n * r},{truth.Loss(n, n * r)}"));
        File.WriteAllLines(csv, lines);

        var (code, stdout, stderr) = Run("scaling", "fit", csv, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.InRange(json.RootElement.GetProperty("alpha").GetDouble(), truth.Alpha - 0.02, truth.Alpha + 0.02);
        Assert.InRange(json.RootElement.GetProperty("a").GetDouble(), truth.ParameterExponent - 0.02, truth.ParameterExponent + 0.02);
        foreach (var key in new[] { "E", "A", "B", "beta", "b" }) Assert.True(json.RootElement.TryGetProperty(key, out _), key);
    }

    [Fact]
    public void Train_runs_end_to_end_and_a_bad_config_key_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var tokens = TestShards.Write(dir.Combine("tokens"), 64, 0, TestShards.CountingCorpus(2, 10, 40, 13));
        var yaml = dir.Combine("train.yaml");
        File.WriteAllText(yaml, "threads: 1\nmodel: {layers: 1, heads: 2, dim: 32}\ndata: {seq_len: 16, batch_size: 4, eval_interval: 5}\noptim: {max_steps: 10, warmup_steps: 2}\ncheckpoint: {every: 5, keep: 1}\n");

        var (code, stdout, stderr) = Run("train", yaml, "--tokens", tokens, "--out", dir.Combine("run"), "--device", "cpu");

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("D/N", stdout);
        Assert.Equal(11, File.ReadAllLines(dir.Combine("run", "metrics.csv")).Length);
        // The run names the manifest it read and registers itself beside it, so the token build's report finds it.
        using (var summary = JsonDocument.Parse(File.ReadAllText(dir.Combine("run", "summary.json"))))
            Assert.Equal(DataPipe.Core.Reporting.TrainingRunLinks.ManifestOf(tokens), summary.RootElement.GetProperty("tokens_manifest").GetString());
        Assert.Single(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(DataPipe.Core.Reporting.TrainingRunLinks.ManifestOf(tokens))!, "training-runs")));

        File.WriteAllText(yaml, "model:\n  layers: 1\n  bogus: 3\n");
        var bad = Run("train", yaml, "--tokens", tokens);
        Assert.Equal(2, bad.Code);
        Assert.Contains("train.yaml:3", bad.Err);
    }

    [Fact]
    public void Train_precision_flag_overrides_the_file_and_a_bad_precision_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var tokens = TestShards.Write(dir.Combine("tokens"), 64, 0, TestShards.CountingCorpus(2, 10, 40, 13));
        var yaml = dir.Combine("train.yaml");
        File.WriteAllText(yaml, "threads: 1\nprecision: fp32\nmodel: {layers: 1, heads: 2, dim: 32}\ndata: {seq_len: 16, batch_size: 4, eval_interval: 5}\noptim: {max_steps: 5, warmup_steps: 2}\ncheckpoint: {every: 5, keep: 1}\n");

        var (code, stdout, stderr) = Run("train", yaml, "--tokens", tokens, "--out", dir.Combine("run"), "--device", "cpu", "--precision", "bf16");

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("bf16 on CPU", stdout);
        using (var summary = JsonDocument.Parse(File.ReadAllText(dir.Combine("run", "summary.json"))))
            Assert.Equal("bf16", summary.RootElement.GetProperty("precision").GetString());

        var badFlag = Run("train", yaml, "--tokens", tokens, "--precision", "fp16");
        Assert.Equal(2, badFlag.Code);
        Assert.Contains("--precision: expected one of auto, bf16, fp32, got 'fp16'", badFlag.Err);

        File.WriteAllText(yaml, "precision: half\n");
        var badFile = Run("train", yaml, "--tokens", tokens);
        Assert.Equal(2, badFile.Code);
        Assert.Contains("train.yaml:1:1: precision: must be one of auto, fp32, bf16, got 'half'", badFile.Err);
    }
}
