using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>Everything one run measured, the bars it is held to, and its table (markdown) and JSON forms.</summary>
internal sealed record ComparisonResult(
    ComparisonCorpus Corpus, TrainingRun Ours, TrainingRun Hf, HeldOutDensity HeldOut, Cl100kRace Encoding, RunContext Context)
{
    public const double MaxTrainingTimeRatio = 1.0;
    public const double MaxPeakRssMb = 2_000;
    public const double MaxBytesPerTokenDifference = 0.01;
    public const double MinEncodingSpeedup = 2.0;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public double TrainingTimeRatio => Ours.Process.WallSeconds / Hf.Process.WallSeconds;

    public IReadOnlyList<Bar> Bars =>
    [
        new("training time, ours ÷ HF (wall, same text, vocab, machine)", F(TrainingTimeRatio, "F2"), $"≤ {MaxTrainingTimeRatio:F2}", TrainingTimeRatio <= MaxTrainingTimeRatio),
        new("training peak RSS, ours", $"{F(Ours.Process.PeakRssMb, "N0")} MB", $"≤ {MaxPeakRssMb:N0} MB", Ours.Process.PeakRssMb <= MaxPeakRssMb),
        new("held-out bytes/token, ours vs HF", Percent(HeldOut.RelativeDifference), $"within ±{MaxBytesPerTokenDifference:P0}", Math.Abs(HeldOut.RelativeDifference) <= MaxBytesPerTokenDifference),
        new("cl100k_base 1 thread, ours ÷ Microsoft.ML.Tokenizers (ids identical)", $"{F(Encoding.SpeedupOverLibrary, "F2")}×", $"≥ {MinEncodingSpeedup:F0}×", Encoding.SpeedupOverLibrary >= MinEncodingSpeedup),
    ];

    public bool AllPass => Bars.All(b => b.Pass);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        string trainMb = F(Corpus.TrainBytes / 1e6, "F1");
        string msml = $"Microsoft.ML.Tokenizers {Context.MicrosoftMlTokenizersVersion}";
        double encodeMb = Encoding.Bytes / 1e6;
        Line(md, "## Tokenizers: ours vs Hugging Face tokenizers, Microsoft.ML.Tokenizers and tiktoken (issue #5)");
        Line(md, "");
        Line(md, "| measure | ours | reference | ours ÷ reference | bar | result |");
        Line(md, "|---|---:|---:|---:|---|---|");
        Row(md, $"train {ComparisonOptions.VocabSize:N0} tokens on {trainMb} MB: wall s (ref: HF tokenizers {Context.HfTokenizersVersion}, npm)",
            F(Ours.Process.WallSeconds, "F1"), F(Hf.Process.WallSeconds, "F1"), F(TrainingTimeRatio, "F2"), Bars[0]);
        Row(md, "train: training s as each reports it (ref: HF)", F(Ours.ReportedSeconds, "F1"), F(Hf.ReportedSeconds, "F1"),
            F(Ours.ReportedSeconds / Hf.ReportedSeconds, "F2"), null);
        Row(md, "train: peak RSS MB (ref: HF)", F(Ours.Process.PeakRssMb, "N0"), F(Hf.Process.PeakRssMb, "N0"),
            F(Ours.Process.PeakRssMb / Hf.Process.PeakRssMb, "F2"), Bars[1]);
        Row(md, $"held-out bytes/token, {F(HeldOut.Bytes / 1e6, "F1")} MB in {HeldOut.Documents:N0} docs (ref: HF's trained tokenizer)",
            F(HeldOut.OursBytesPerToken, "F4"), F(HeldOut.HfBytesPerToken, "F4"), Percent(HeldOut.RelativeDifference), Bars[2]);
        Row(md, $"cl100k_base, 1 thread, {F(encodeMb, "F1")} MB: MB/s = MB/s/core (ref: {msml})",
            F(encodeMb / Encoding.Ours.BestSeconds, "F1"), F(encodeMb / Encoding.Library.BestSeconds, "F1"), $"{F(Encoding.SpeedupOverLibrary, "F2")}×", Bars[3]);
        Row(md, $"cl100k_base, 1 thread: docs/s (ref: {msml})", F(Encoding.Documents / Encoding.Ours.BestSeconds, "N0"),
            F(Encoding.Documents / Encoding.Library.BestSeconds, "N0"), $"{F(Encoding.SpeedupOverLibrary, "F2")}×", null);
        Row(md, $"cl100k_base, 1 thread: MB/s, for reference only (ref: {Encoding.Tiktoken.Name})", F(encodeMb / Encoding.Ours.BestSeconds, "F1"),
            F(encodeMb / Encoding.Tiktoken.BestSeconds, "F1"), $"{F(Encoding.Tiktoken.BestSeconds / Encoding.Ours.BestSeconds, "F2")}×", null);
        Line(md, "");
        Line(md, $"**Bars: {(AllPass ? "all PASS" : string.Join(", ", Bars.Where(b => !b.Pass).Select(b => "FAIL " + b.Name)))}.**");
        Line(md, "");
        Line(md, $"- Machine: {Context.Cpu}, {Context.Cores} cores; load average (1/5/15 min) at start {Context.LoadAtStart}, " +
            $"after training {Context.LoadAfterTraining}, at end {Context.LoadAtEnd}. {Context.DotnetVersion}, node {Context.NodeVersion}.");
        Line(md, $"- Corpus: `{Corpus.Source}`, {Corpus.SourceDocuments:N0} documents, {Corpus.DistinctDocuments:N0} distinct texts" +
            (Corpus.Quarantined > 0 ? $", {Corpus.Quarantined} unreadable records skipped" : "") +
            $", shuffled (seeded). Held out: the first {HeldOut.Documents:N0} ({F(HeldOut.Bytes / 1e6, "F2")} MB); no text of them is in the training text.");
        string pool = $"the corpus left after the held-out set is {F(Corpus.PoolBytes / 1e6, "F1")} MB ({Corpus.PoolDocuments:N0} documents)";
        Line(md, $"- Training text: {trainMb} MB, {Corpus.TrainDocuments:N0} documents, one after another with a newline; " +
            (Corpus.Repeats > 1
                ? $"{pool}, smaller than that, so it is repeated in reshuffled (seeded) passes: {F(Corpus.Repeats, "F2")}× over."
                : $"{pool}, of which this is a prefix.") +
            " Both trainers read the same file line by line, on all cores.");
        Line(md, $"- Ours: `{Ours.Command}` → {Ours.VocabSize:N0} tokens (256 bytes + merges + `<|endoftext|>`). " +
            $"HF: `{Hf.Command}` → {Hf.VocabSize:N0} tokens (BpeTrainer defaults: the bytes seen + merges; ByteLevel pre-tokenizer with its GPT-2 regex, " +
            $"the split ours uses with `--pattern gpt2`). Ours said: \"{Ours.Summary}\". Wall s is the whole child process (start-up, reading, training, writing); " +
            $"peak RSS is its {Ours.Process.PeakRssSource}.");
        Line(md, $"- Held-out bytes/token: UTF-8 bytes ÷ tokens, ours through our encoder on its `tokenizer.tiktoken`, HF's through HF " +
            $"(`encode.js`) on its `tokenizer.json`: {HeldOut.OursTokens:N0} vs {HeldOut.HfTokens:N0} tokens.");
        Line(md, $"- Encoding: {Encoding.Documents:N0} documents of the training pool, {Encoding.Tokens:N0} tokens; an untimed pass checks " +
            $"the ids are identical (ours = {msml} document by document; tiktoken by count and checksum), then {Encoding.Ours.PassSeconds.Count} " +
            "timed passes each, ours and Microsoft.ML taking turns; the table gives the best pass. " +
            $"Best / median s: ours {F(Encoding.Ours.BestSeconds, "F3")} / {F(Encoding.Ours.MedianSeconds, "F3")}, " +
            $"Microsoft.ML {F(Encoding.Library.BestSeconds, "F3")} / {F(Encoding.Library.MedianSeconds, "F3")}, " +
            $"tiktoken {F(Encoding.Tiktoken.BestSeconds, "F3")} / {F(Encoding.Tiktoken.MedianSeconds, "F3")}.");
        Line(md, $"- Command: `{Context.Command}`");
        return md.ToString();
    }

    public string ToJson()
    {
        double encodeMb = Encoding.Bytes / 1e6;
        var json = new
        {
            context = Context,
            corpus = new
            {
                source = Corpus.Source, source_documents = Corpus.SourceDocuments, distinct_documents = Corpus.DistinctDocuments,
                train_bytes = Corpus.TrainBytes, train_documents = Corpus.TrainDocuments, pool_bytes = Corpus.PoolBytes,
                pool_documents = Corpus.PoolDocuments, repeats = Corpus.Repeats,
                heldout_bytes = Corpus.HeldOutBytes, heldout_documents = Corpus.HeldOut.Count,
            },
            training = new[] { Ours, Hf }.Select(r => new
            {
                name = r.Name, command = r.Command, vocab_size = r.VocabSize, wall_seconds = r.Process.WallSeconds,
                reported_seconds = r.ReportedSeconds, summary = r.Summary, peak_rss_mb = r.Process.PeakRssMb, peak_rss_source = r.Process.PeakRssSource,
            }),
            heldout = new
            {
                bytes = HeldOut.Bytes, ours_tokens = HeldOut.OursTokens, hf_tokens = HeldOut.HfTokens,
                ours_bytes_per_token = HeldOut.OursBytesPerToken, hf_bytes_per_token = HeldOut.HfBytesPerToken,
                relative_difference = HeldOut.RelativeDifference,
            },
            encoding = new
            {
                encoding = Cl100kRace.Encoding, threads = 1, bytes = Encoding.Bytes, documents = Encoding.Documents, tokens = Encoding.Tokens,
                ids_identical = true,
                encoders = new[] { Encoding.Ours, Encoding.Library, Encoding.Tiktoken }.Select(e => new
                {
                    name = e.Name, pass_seconds = e.PassSeconds, best_seconds = e.BestSeconds, median_seconds = e.MedianSeconds,
                    mb_per_second = encodeMb / e.BestSeconds, docs_per_second = Encoding.Documents / e.BestSeconds,
                }),
                speedup_over_microsoft_ml = Encoding.SpeedupOverLibrary,
            },
            bars = Bars.Select(b => new { name = b.Name, measured = b.Measured, target = b.Target, result = b.Result }),
        };
        return JsonSerializer.Serialize(json, new JsonSerializerOptions
        {
            WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
    }

    private static void Row(StringBuilder md, string measure, string ours, string reference, string ratio, Bar? bar) =>
        Line(md, $"| {measure} | {ours} | {reference} | {ratio} | {bar?.Target ?? "—"} | {bar?.Result ?? "—"} |");

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    private static string F(double value, string format) => value.ToString(format, C);

    private static string Percent(double fraction) => (fraction * 100).ToString("+0.00;-0.00;0.00", C) + " %";
}
