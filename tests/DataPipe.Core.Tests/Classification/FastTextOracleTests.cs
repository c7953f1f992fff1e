using DataPipe.Core.Classification.FastText;
using Xunit.Abstractions;

namespace DataPipe.Core.Tests.Classification;

/// <summary>
/// The C# engine against Debian's fastText CLI on the same documents: the top label equal on ≥ 99.9 % of them and
/// the probabilities within 1e-4 on all, for lid.176.ftz (quantized, hierarchical softmax) and for models the CLI
/// trains here (.bin with softmax, hs and ova; a quantized .ftz with qnorm and a quantized output).
/// </summary>
public sealed class FastTextOracleTests(ITestOutputHelper output)
{
    private const int K = 3;

    [FastTextOracleFact]
    public void Lid176AgreesWithTheCli()
    {
        var docs = MultilingualCorpus.Collect(perSource: 150).Select(d => d.Text).Concat(Fixture()).ToList();
        Assert.True(docs.Count >= 100, $"only {docs.Count} documents of multilingual text found");
        var model = FastTextModel.Load(FastTextCli.LidModel);
        Assert.True(model.Quantized);
        var agreement = Compare(model, FastTextCli.LidModel, docs);
        output.WriteLine($"lid.176.ftz: {agreement}");
        Assert.True(agreement.Languages >= 20, $"the set should span many languages, it has {agreement.Languages}: {agreement}");
    }

    [FastTextOracleTheory]
    [InlineData("softmax", "bin")]
    [InlineData("hs", "bin")]
    [InlineData("ova", "bin")]
    [InlineData("softmax", "ftz")]
    [InlineData("hs", "ftz-qout")]
    public void ModelTrainedByTheCliAgrees(string loss, string format)
    {
        bool quantize = format != "bin", quantizeOutput = format == "ftz-qout";
        var all = MultilingualCorpus.Collect(perSource: 80);
        Assert.True(all.Count >= 100, $"only {all.Count} documents of multilingual text found");
        var train = all.Where((_, i) => i % 2 == 0).ToList();
        var test = all.Where((_, i) => i % 2 == 1).Select(d => d.Text).Concat(Fixture()).ToList();
        using var dir = new TempDirectory();
        string trainFile = Path.Combine(dir.Path, "train.txt");
        // The CLI quantizes an output matrix only from 256 rows up: that variant splits each language into twenty labels.
        File.WriteAllLines(trainFile, train.Select((d, i) => $"__label__{d.Language}{(quantizeOutput ? $"_{i % 20}" : "")} {d.Text}"));
        string prefix = Path.Combine(dir.Path, "model");
        FastTextCli.Run($"supervised -input {trainFile} -output {prefix} -dim 16 -epoch 25 -lr 0.5 -minn 2 -maxn 4 -wordNgrams 2 -bucket 50000 -loss {loss} -thread 1 -seed 7 -verbose 0");
        string modelFile = prefix + ".bin";
        if (quantize)
        {
            FastTextCli.Run($"quantize -input {trainFile} -output {prefix} -qnorm{(quantizeOutput ? " -qout" : "")} -cutoff 5000 -dsub 4 -verbose 0");
            modelFile = prefix + ".ftz";
        }
        var model = FastTextModel.Load(modelFile);
        Assert.Equal(quantize, model.Quantized);
        Assert.Equal(quantizeOutput, model.Output is QuantizedMatrix);
        var agreement = Compare(model, modelFile, test);
        output.WriteLine($"{loss} {format}: {agreement}");
    }

    private sealed record Agreement(int Documents, int TopEqual, double MaxDiff, int Languages)
    {
        public override string ToString() =>
            $"{Documents} documents, top label equal on {TopEqual} ({100.0 * TopEqual / Documents:F3} %), max |Δp| {MaxDiff:E2}, {Languages} top labels";
    }

    private static Agreement Compare(FastTextModel model, string modelFile, IReadOnlyList<string> docs)
    {
        var expected = FastTextCli.PredictProb(modelFile, docs, K);
        using var predictor = model.CreatePredictor();
        var got = new FastTextPrediction[K];
        int topEqual = 0;
        double maxDiff = 0;
        var labels = new HashSet<string>();
        var mismatches = new List<string>();
        for (int i = 0; i < docs.Count; i++)
        {
            int n = predictor.Predict(docs[i], got);
            var cli = expected[i];
            Assert.True(n == cli.Count, $"document {i}: {n} predictions, the CLI gave {cli.Count}: {docs[i]}");
            if (n == 0) continue;
            labels.Add(cli[0].Name);
            if (model.LabelName(got[0].Label) == cli[0].Name) topEqual++;
            else if (mismatches.Count < 5)
                mismatches.Add($"[{string.Join(", ", got.Take(n).Select(g => $"{model.LabelName(g.Label)} {g.Probability:R}"))}] vs CLI [{string.Join(", ", cli.Select(c => $"{c.Name} {c.Probability:R}"))}]");
            for (int j = 0; j < n; j++)
            {
                double diff = Math.Abs(got[j].Probability - cli[j].Probability);
                maxDiff = Math.Max(maxDiff, diff);
                Assert.True(diff <= 1e-4, $"document {i}, rank {j}: p {got[j].Probability} ({model.LabelName(got[j].Label)}), the CLI {cli[j].Probability} ({cli[j].Name}): {docs[i]}");
            }
        }
        var agreement = new Agreement(docs.Count, topEqual, maxDiff, labels.Count);
        Assert.True(topEqual >= 0.999 * docs.Count, $"top labels differ too often: {agreement}; first: {string.Join(" | ", mismatches)}");
        return agreement;
    }

    /// <summary>Self-written lines for what the machine's text may lack: scripts, labels in the text, odd whitespace, empty lines.</summary>
    public static IEnumerable<string> Fixture() =>
    [
        "Der schnelle braune Fuchs springt über den faulen Hund, während die Sonne untergeht.",
        "Le renard brun rapide saute par-dessus le chien paresseux pendant que le soleil se couche.",
        "El rápido zorro marrón salta sobre el perro perezoso mientras se pone el sol.",
        "Быстрая коричневая лиса прыгает через ленивую собаку, пока солнце садится.",
        "素早い茶色の狐が怠け者の犬を飛び越える。太陽が沈んでいく。",
        "敏捷的棕色狐狸跳过了懒狗，太阳正在落山。",
        "빠른 갈색 여우가 게으른 개를 뛰어넘는다. 해가 지고 있다.",
        "Η γρήγορη καφέ αλεπού πηδά πάνω από τον τεμπέλη σκύλο.",
        "השועל החום המהיר קופץ מעל הכלב העצלן.",
        "الثعلب البني السريع يقفز فوق الكلب الكسول.",
        "तेज़ भूरी लोमड़ी आलसी कुत्ते के ऊपर कूदती है।",
        "Szybki brązowy lis przeskakuje nad leniwym psem.",
        "Hızlı kahverengi tilki tembel köpeğin üzerinden atlar.",
        "The quick brown fox jumps over the lazy dog.\tTabs\vvertical\ffeed\rreturn and  double  spaces",
        "__label__de this line carries a label token that prediction must skip",
        "emoji 🦊🐕 and non\u00a0breaking\u2003spaces that fastText does not split on",
        "",
        "   ",
        "x",
    ];
}

/// <summary>A theory that needs the fastText CLI and the fetched model; skipped, saying what is missing, without them.</summary>
public sealed class FastTextOracleTheoryAttribute : TheoryAttribute
{
    public FastTextOracleTheoryAttribute()
    {
        if (FastTextCli.MissingReason is { } reason) Skip = reason;
    }
}
