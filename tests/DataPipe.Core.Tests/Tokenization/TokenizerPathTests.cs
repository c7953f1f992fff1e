using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary>A tokenizer given as a file travels with the build: the manifest names its copy and hash, and
/// <c>inspect --decode</c> finds it after the original is gone.</summary>
public sealed class TokenizerPathTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheManifestRecordsTheTokenizersCopyInTheBuildAndInspectDecodesWithIt()
    {
        var training = new BpeTrainer(new BpeTrainerOptions { VocabSize = 400 }).Train(TokenizerTexts.Documents(400, seed: 3));
        TokenizerJsonFile.Write(training, _dir.File("tok/my-tokenizer.json"));
        string original = TokenManifest.Sha256Of(_dir.File("tok/my-tokenizer.json"));
        Directory.CreateDirectory(_dir.File("in"));
        File.WriteAllText(_dir.File("in/a.jsonl"), "{\"id\":\"first\",\"text\":\"the quick brown fox jumps over the lazy dog\"}\n");
        File.WriteAllText(_dir.File("p.yaml"),
            $"inputs:\n  - path: {_dir.File("in/a.jsonl")}\nout: {_dir.File("out")}\nstages:\n  - type: tokenize\n    tokenizer: tok/my-tokenizer.json\n");
        var run = CliProcess.Run(_dir.Path, "run", "p.yaml");
        Assert.True(run.ExitCode == 0, run.All);

        var manifest = TokenManifest.Read(_dir.File("out/tokens/manifest.json"));
        Assert.Equal("tokenizer/my-tokenizer.json", manifest.TokenizerPath);
        Assert.Equal(original, manifest.TokenizerSha256);
        Assert.Equal(original, TokenManifest.Sha256Of(_dir.File("out/tokenizer/my-tokenizer.json")));

        // The original moves away: the build still decodes on its own.
        File.Move(_dir.File("tok/my-tokenizer.json"), _dir.File("elsewhere.json"));
        var inspect = CliProcess.Run(_dir.Path, "inspect", _dir.File("out/tokens/shard-00000.arrow"), "--decode", "1");
        Assert.True(inspect.ExitCode == 0, inspect.All);
        Assert.Contains("the quick brown fox jumps over the lazy dog", inspect.StdOut);

        // Without its copy the build cannot decode, and --tokenizer overrides the manifest.
        File.Delete(_dir.File("out/tokenizer/my-tokenizer.json"));
        var lost = CliProcess.Run(_dir.Path, "inspect", _dir.File("out/tokens/shard-00000.arrow"), "--decode", "1");
        Assert.Contains("cannot decode", lost.StdOut);
        var given = CliProcess.Run(_dir.Path, "inspect", _dir.File("out/tokens/shard-00000.arrow"), "--decode", "1", "--tokenizer", _dir.File("elsewhere.json"));
        Assert.True(given.ExitCode == 0, given.All);
        Assert.Contains("the quick brown fox jumps over the lazy dog", given.StdOut);
    }
}
