using DataPipe.Core.Tokenization.Files;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary><c>datapipe tokenizer train</c> and <c>datapipe inspect</c> through the real CLI.</summary>
public sealed class TokenizerCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TrainWritesBothFilesThatGiveTheSameIdsAndInspectDecodesAShard()
    {
        File.WriteAllLines(_dir.File("corpus.txt"), TokenizerTexts.Documents(1500, seed: 12).Select(t => t.Replace('\n', ' ').Replace('\r', ' ')));
        var train = CliProcess.Run(_dir.Path, "tokenizer", "train", "--input", "corpus.txt", "--vocab-size", "500", "--out", "tok", "--threads", "2");
        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("trained 500 tokens", train.StdOut);
        var json = TokenizerJsonFile.Load(_dir.File("tok/tokenizer.json"));
        var ranks = TiktokenFile.Load(_dir.File("tok/tokenizer.tiktoken"), PreTokenizerPatterns.Gpt2);
        Assert.Equal(499, json.EosId);
        string probe = TokenizerTexts.Document(new Random(5), 200);
        Assert.Equal(json.Encode(probe), ranks.Encode(probe));
        Assert.Equal(MlOracle.Encode(MlOracle.FromTokenizerJson(_dir.File("tok/tokenizer.json")), probe), json.Encode(probe));

        Directory.CreateDirectory(_dir.File("in"));
        File.WriteAllText(_dir.File("in/a.jsonl"), "{\"id\":\"first\",\"text\":\"Hello <|endoftext|> world\"}\n{\"id\":\"second\",\"text\":\"again\"}\n");
        File.WriteAllText(_dir.File("p.yaml"), $"inputs:\n  - path: {_dir.File("in/a.jsonl")}\nout: {_dir.File("out")}\nstages:\n  - type: tokenize\n    tokenizer: gpt2\n");
        var run = CliProcess.Run(_dir.Path, "run", "p.yaml");
        Assert.True(run.ExitCode == 0, run.All);

        var inspect = CliProcess.Run(_dir.Path, "inspect", _dir.File("out/tokens/shard-00000.arrow"), "--decode", "1");
        Assert.True(inspect.ExitCode == 0, inspect.All);
        Assert.Contains("tokens: list<uint16>", inspect.StdOut);
        Assert.Contains("datapipe.eos_id = 50256", inspect.StdOut);
        Assert.Contains("2 documents, 12 tokens", inspect.StdOut); // "Hello <|endoftext|> world" = 1+7+1, "again" = 1, + 2 EOS
        Assert.Contains("--- first (10 tokens)", inspect.StdOut);
        Assert.Contains("Hello <|endoftext|> world<|endoftext|>", inspect.StdOut);
        Assert.DoesNotContain("second", inspect.StdOut);

        var manifest = CliProcess.Run(_dir.Path, "inspect", _dir.File("out/tokens/manifest.json"));
        Assert.True(manifest.ExitCode == 0, manifest.All);
        Assert.Contains("1 shards, 2 documents, 12 tokens", manifest.StdOut);
    }

    [Fact]
    public void TrainWithoutInputIsAClearError()
    {
        var result = CliProcess.Run(_dir.Path, "tokenizer", "train", "--input", "nothing/*.txt", "--out", "tok");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no input matches", result.StdErr);
    }
}
