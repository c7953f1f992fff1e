using System.Globalization;
using System.Text.RegularExpressions;
using DataPipe.Core.Classification.FastText;
using DataPipe.Core.Classification.Training;
using Xunit.Abstractions;

namespace DataPipe.Core.Tests.Classification;

/// <summary>
/// <c>datapipe classifier train</c> against Debian's fastText CLI: the model it writes loads in the CLI and predicts
/// what our engine predicts; its held-out accuracy is the CLI's own training's within a point; a seed fixes its bytes.
/// </summary>
public sealed partial class ClassifierTrainingTests(ITestOutputHelper output)
{
    private const int K = 2;

    [FastTextCliTheory]
    [InlineData("softmax", "")]
    [InlineData("hs", "--minn 2 --maxn 4")]
    [InlineData("ova", "--minn 3 --maxn 5")]
    public void AModelTrainedHereLoadsInTheCliAndPredictsWhatOurEnginePredicts(string loss, string subwords)
    {
        var all = LabelledText.Languages(perSource: 40);
        Assert.True(all.Count >= 100, $"only {all.Count} documents of multilingual text found");
        using var dir = new TempDirectory();
        LabelledText.WriteJsonl(dir.File("train.jsonl"), all.Where((_, i) => i % 2 == 0));
        var held = all.Where((_, i) => i % 2 == 1).Select(d => LabelledText.OneLine(d.Text)).ToList();
        var result = CliProcess.Run(dir.Path, ["classifier", "train", "--input", "train.jsonl", "--out", "model.bin", "--loss", loss,
            "--dim", "16", "--epoch", "10", "--lr", "0.5", "--bucket", "50000", "--thread", "2", .. subwords.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.True(result.ExitCode == 0, result.All);
        output.WriteLine(result.StdOut);

        var model = FastTextModel.Load(dir.File("model.bin"));
        var expected = FastTextCli.PredictProb(dir.File("model.bin"), held, K);
        using var predictor = model.CreatePredictor();
        var got = new FastTextPrediction[K];
        int topEqual = 0;
        double maxDiff = 0;
        for (int i = 0; i < held.Count; i++)
        {
            int n = predictor.Predict(held[i], got);
            Assert.Equal(expected[i].Count, n);
            if (n > 0 && model.LabelName(got[0].Label) == expected[i][0].Name) topEqual++;
            for (int j = 0; j < n; j++)
            {
                double diff = Math.Abs(got[j].Probability - expected[i][j].Probability);
                maxDiff = Math.Max(maxDiff, diff);
                Assert.True(diff <= 1e-4, $"document {i}, rank {j}: {got[j].Probability} vs the CLI's {expected[i][j].Probability}");
            }
        }
        output.WriteLine($"{loss}: {held.Count} held-out documents, top label equal on {topEqual}, max |Δp| {maxDiff:E2}");
        Assert.True(topEqual >= 0.999 * held.Count, $"top label equal on only {topEqual} of {held.Count}");
    }

    public static TheoryData<string> Datasets => ["docs", "languages"];

    [FastTextCliTheory]
    [MemberData(nameof(Datasets))]
    public void HeldOutAccuracyIsWithinAPointOfTheCliTrainedOnTheSameData(string dataset)
    {
        // DCLM's settings (lr 0.1, dim 100, epoch 5, word bigrams) on the two-class set; the many-language set needs
        // more epochs and a higher rate to be learnt at all from a few hundred documents.
        var (all, flags) = dataset == "docs"
            ? (LabelledText.DocsVersusChangelogs(perLabel: 1200), "--bucket 200000")
            : (LabelledText.Languages(perSource: 40), "--dim 16 --epoch 25 --lr 0.5 --minn 2 --maxn 4 --bucket 50000");
        using var dir = new TempDirectory();
        var random = new Random(17);
        // Shuffled, as DCLM's script shuffles: the sets come grouped by label, and SGD over grouped data mostly
        // remembers the last groups, which makes any two trainings (even the CLI's with two seeds) far apart.
        var train = all.Where((_, i) => i % 5 != 0).OrderBy(_ => random.Next()).ToList();
        var test = all.Where((_, i) => i % 5 == 0).ToList();
        LabelledText.WriteJsonl(dir.File("train.jsonl"), train);
        LabelledText.WriteFastText(dir.File("train.txt"), train);
        LabelledText.WriteFastText(dir.File("test.txt"), test);

        string cliFlags = Regex.Replace(flags, "--(\\w+)", "-$1");
        // The mean over seeds: one training's held-out accuracy moves by about a point with the seed on the
        // language set, for the CLI as for us. The CLI runs with its default 12 threads: fastText 0.9.2 initializes
        // only the first tenth of the input matrix per thread (a one-thread run starts 90 % of the rows, the n-gram
        // buckets, at zero), which costs it some 10 points here with character n-grams.
        int[] seeds = dataset == "docs" ? [0] : [1, 2, 3];
        double oursSum = 0, cliSum = 0;
        string summary = "";
        foreach (int seed in seeds)
        {
            var ours = CliProcess.Run(dir.Path, ["classifier", "train", "--input", "train.jsonl", "--out", "ours.bin", "--thread", "1", "--seed", $"{seed}", .. flags.Split(' ')]);
            Assert.True(ours.ExitCode == 0, ours.All);
            summary = ours.StdOut.Trim();
            FastTextCli.Run($"supervised -input {dir.File("train.txt")} -output {dir.File("cli")} -lr 0.1 -dim 100 -epoch 5 -wordNgrams 2 {cliFlags} -seed {seed} -verbose 0");
            oursSum += PrecisionAt1(dir.File("ours.bin"), dir.File("test.txt"));
            cliSum += PrecisionAt1(dir.File("cli.bin"), dir.File("test.txt"));
        }
        double oursAccuracy = oursSum / seeds.Length, cliAccuracy = cliSum / seeds.Length;
        output.WriteLine($"{dataset}: {train.Count} train / {test.Count} held out, {seeds.Length} seed(s); ours P@1 {oursAccuracy:F4}, CLI {cliAccuracy:F4}; {summary}");
        // Not a point worse than the CLI. The CLI's own twelve Hogwild threads move its mean by about a point from run
        // to run (0.5513–0.5573 over three seeds on the language set in CI), so a gain is bounded loosely, only to
        // show the two are learning the same thing.
        Assert.True(oursAccuracy >= cliAccuracy - 0.01 && oursAccuracy <= cliAccuracy + 0.03, $"ours {oursAccuracy:F4} vs the CLI's {cliAccuracy:F4}");
    }

    /// <summary><c>fasttext test</c>: both models scored by the same evaluator.</summary>
    private static double PrecisionAt1(string model, string test)
    {
        var match = PrecisionLine().Match(FastTextCli.Run($"test {model} {test}"));
        Assert.True(match.Success);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"P@1\s+([0-9.]+)")]
    private static partial Regex PrecisionLine();

    [Fact]
    public void TheSameSeedGivesTheSameBytesForAnyThreadCountAndAnotherSeedDoesNot()
    {
        var corpus = new LabelledCorpus();
        foreach (var d in LabelledText.DocsVersusChangelogs(perLabel: 150)) corpus.Add(d.Text, [d.Label]);
        using var dir = new TempDirectory();
        byte[] Train(int threads, int seed, string name)
        {
            var options = new FastTextTrainOptions { Dim = 16, Bucket = 20_000, Thread = threads, Seed = seed, Minn = 2, Maxn = 3, Loss = "hs" };
            FastTextTrainer.Train(corpus, options).Model.Save(dir.File(name));
            return File.ReadAllBytes(dir.File(name));
        }
        var one = Train(1, 5, "a.bin");
        Assert.Equal(one, Train(1, 5, "b.bin"));
        Assert.Equal(one, Train(4, 5, "c.bin"));
        Assert.NotEqual(one, Train(1, 6, "d.bin"));
    }

    [Fact]
    public void BadOptionsAndBadInputAreConfigErrors()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ok.jsonl"), "{\"text\": \"a b c\", \"label\": \"x\"}\n");
        File.WriteAllText(dir.File("bad.jsonl"), "{\"text\": \"a b c\", \"label\": \"x\"}\n{\"text\": \"no label\"}\n");

        var dim = CliProcess.Run(dir.Path, "classifier", "train", "--input", "ok.jsonl", "--out", "m.bin", "--dim", "0");
        Assert.Equal(2, dim.ExitCode);
        Assert.Contains("dim", dim.StdErr);
        var minn = CliProcess.Run(dir.Path, "classifier", "train", "--input", "ok.jsonl", "--out", "m.bin", "--minn", "5", "--maxn", "3");
        Assert.Equal(2, minn.ExitCode);
        Assert.Contains("maxn", minn.StdErr);
        var loss = CliProcess.Run(dir.Path, "classifier", "train", "--input", "ok.jsonl", "--out", "m.bin", "--loss", "ns");
        Assert.Equal(2, loss.ExitCode);
        var line = CliProcess.Run(dir.Path, "classifier", "train", "--input", "bad.jsonl", "--out", "m.bin");
        Assert.Equal(2, line.ExitCode);
        Assert.Contains("bad.jsonl:2", line.StdErr);
        Assert.False(File.Exists(dir.File("m.bin")));
    }
}
