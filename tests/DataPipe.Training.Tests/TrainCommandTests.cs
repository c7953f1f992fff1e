using DataPipe.Training.Config;
using DataPipe.Training.Planning;

namespace DataPipe.Training.Tests;

/// <summary><c>datapipe train</c> never replaces an earlier run unasked, and its config errors are one line with file:line:column:key.</summary>
[Collection(TorchCollection.Name)]
public sealed class TrainCommandTests : IDisposable
{
    private const string Tiny = "threads: 1\nmodel: {layers: 1, heads: 2, dim: 16}\ndata: {seq_len: 8, batch_size: 2, eval_interval: 0}\noptim: {max_steps: 2, warmup_steps: 1}\ncheckpoint: {every: 1, keep: 2}\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Tokens() => TestShards.Write(_dir.Combine("tokens"), 64, 0, TestShards.CountingCorpus(1, 6, 20, 13));

    private string Yaml(string text)
    {
        var path = _dir.Combine("train.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_earlier_run_is_kept_unless_resumed_or_replaced_with_force()
    {
        var tokens = Tokens();
        var yaml = Yaml(Tiny);
        var run = _dir.Combine("run");
        var first = CliTests.Run("train", yaml, "--tokens", tokens, "--out", run, "--device", "cpu");
        Assert.True(first.Code == 0, first.Err + first.Out);
        var checkpoints = Directory.GetDirectories(Path.Combine(run, "checkpoints")).Order().ToArray();
        Assert.NotEmpty(checkpoints);

        var again = CliTests.Run("train", yaml, "--tokens", tokens, "--out", run, "--device", "cpu");
        Assert.Equal(2, again.Code);
        Assert.Single(again.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("holds an earlier run (checkpoints/, metrics.csv, summary.json, loss.png)", again.Err);
        Assert.Contains("--resume", again.Err);
        Assert.Contains("--force", again.Err);
        Assert.Equal(checkpoints, Directory.GetDirectories(Path.Combine(run, "checkpoints")).Order().ToArray());

        var both = CliTests.Run("train", yaml, "--tokens", tokens, "--out", run, "--resume", "--force");
        Assert.Equal(2, both.Code);

        File.WriteAllText(Path.Combine(run, "metrics.csv"), "stale\n");
        var forced = CliTests.Run("train", yaml, "--tokens", tokens, "--out", run, "--device", "cpu", "--force");
        Assert.True(forced.Code == 0, forced.Err + forced.Out);
        Assert.Contains("--force: removed the earlier run's checkpoints/, metrics.csv, summary.json, loss.png from " + run, forced.Out);
        Assert.DoesNotContain("stale", File.ReadAllText(Path.Combine(run, "metrics.csv")));

        var resumed = CliTests.Run("train", yaml, "--tokens", tokens, "--out", run, "--device", "cpu", "--resume");
        Assert.True(resumed.Code == 0, resumed.Err + resumed.Out);
        Assert.Contains("resumed from", resumed.Out);
    }

    [Fact]
    public void A_failed_train_leaves_no_empty_output_folder()
    {
        var yaml = Yaml(Tiny);
        var run = _dir.Combine("never");
        var result = CliTests.Run("train", yaml, "--tokens", _dir.Combine("no-tokens-here"), "--out", run, "--device", "cpu");
        Assert.Equal(2, result.Code);
        Assert.Contains("token manifest not found", result.Err);
        Assert.False(Directory.Exists(run));
    }

    [Theory]
    [InlineData("optim:\n  lr: fast\n", "train.yaml:2:3: optim.lr: expected a number, got 'fast'")]
    [InlineData("optim:\n  max_step: 3\n", "train.yaml:2:3: optim.max_step: unknown key")]
    [InlineData("model: {layers: 1, heads: 3, dim: 32}\n", "model.dim: must be divisible by heads (3), got 32")]
    [InlineData("data:\n  batch_size: 0\n", "train.yaml:2:3: data.batch_size: must be between 1 and")]
    [InlineData("precision: half\n", "train.yaml:1:1: precision: must be one of auto, fp32, bf16, got 'half'")]
    [InlineData("model: 3\n", "train.yaml:1:1: model: expected a mapping")]
    [InlineData("optim:\n\tlr: 1\n", "train.yaml:2:1: not valid YAML: a tab in the indentation")]
    public void Config_errors_name_file_line_column_and_key_and_never_a_dotnet_type(string text, string expected)
    {
        var e = Assert.Throws<TrainConfigException>(() => TrainConfig.Load(Yaml(text)));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("DataPipe.", e.Message);
        Assert.DoesNotContain("System.", e.Message);

        var cli = CliTests.Run("train", _dir.Combine("train.yaml"), "--tokens", _dir.Combine("tokens"), "--out", _dir.Combine("out"));
        Assert.Equal(2, cli.Code);
        Assert.StartsWith("error: " + _dir.Combine("train.yaml:"), cli.Err);
        Assert.Contains(expected, cli.Err);
        Assert.False(Directory.Exists(_dir.Combine("out")));
    }

    [Fact]
    public void An_empty_file_is_all_defaults_and_a_code_built_config_is_checked_the_same_way()
    {
        var config = TrainConfig.Load(Yaml("# nothing set\n"));
        Assert.Equal(300, config.Optim.MaxSteps);
        config.Validate("bench");
        config.Optim.MinLr = 1;
        var e = Assert.Throws<TrainConfigException>(() => config.Validate("bench"));
        Assert.Equal("bench: optim.min_lr: must not exceed lr (0.001), got 1", e.Message);
    }

    [Fact]
    public void Scaling_fit_refuses_collinear_runs()
    {
        var csv = _dir.Combine("runs.csv");
        var truth = ScalingLaw.Epoch;
        var lines = new List<string> { "name,params,tokens,loss" };
        foreach (var n in new[] { 5e7, 1e8, 2e8, 5e8, 1e9, 5e9 })
            lines.Add(FormattableString.Invariant($"run,{n},{20 * n},{truth.Loss(n, 20 * n)}"));
        File.WriteAllLines(csv, lines);

        var (code, stdout, stderr) = CliTests.Run("scaling", "fit", csv);

        Assert.Equal(2, code);
        Assert.Contains("error: the fit is not identifiable", stderr);
        Assert.Contains("D/N ≈ 20", stderr);
        Assert.DoesNotContain("NaN", stdout + stderr);
    }
}
