using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataPipe.Core.Pii;

namespace DataPipe.Benchmarks.Pii;

/// <summary>
/// <c>pii-quality [--part holdout|dev] [--seed N] [--docs N] [--mb N] [--samples N] [--show N]</c>: issue #18's PII
/// rows. (1) Precision and recall per type on <see cref="PlantedPiiSet"/> (real paragraphs with planted PII and
/// look-alikes); (2) replacements per MB by type on the real-text negative set (<see cref="RealTextCorpus"/>), with a
/// seeded sample of replacements in context. The reported figures use the held-out half of the files and seed 2;
/// tuning uses <c>--part dev</c> (the other half, seed 1), which also prints <c>--show</c> errors per type.
/// </summary>
internal static class PiiQualityBench
{
    public static int Run(string[] args)
    {
        var part = RealTextCorpus.Part.Holdout;
        int? seed = null;
        int docs = 7000, samples = 20, show = 0;
        long mb = 32;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--part": part = Next() == "dev" ? RealTextCorpus.Part.Dev : RealTextCorpus.Part.Holdout; break;
                case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--docs": docs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--mb": mb = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--samples": samples = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--show": show = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"pii-quality: unknown argument '{args[i]}'"); return 2;
            }
        }
        int setSeed = seed ?? (part == RealTextCorpus.Part.Dev ? 1 : 2);
        var scrubber = new PiiScrubber(new PiiOptions());
        var clock = Stopwatch.StartNew();
        var corpus = RealTextCorpus.Load(part, mb * 1024 * 1024);
        Console.Error.WriteLine($"pii-quality: {corpus.Count} files loaded in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"# PII quality on real text ({part.ToString().ToLowerInvariant()} part, seed {setSeed})");
        Console.WriteLine();
        var set = PlantedPiiSet.Generate(corpus, setSeed, docs);
        Console.Error.WriteLine($"pii-quality: labelled set generated at {clock.Elapsed.TotalSeconds:F1} s");
        Labelled(scrubber, set, show);
        Console.Error.WriteLine($"pii-quality: labelled set scored at {clock.Elapsed.TotalSeconds:F1} s");
        Negative(scrubber, corpus, setSeed, samples);
        return 0;
    }

    private static void Labelled(PiiScrubber scrubber, PlantedPiiSet set, int show)
    {
        var tp = new int[PiiTypes.All.Count];
        var fp = new int[tp.Length];
        var fn = new int[tp.Length];
        var errors = PiiTypes.All.ToDictionary(t => t, _ => new List<string>());
        long chars = 0;
        int planted = 0;
        foreach (var doc in set.Docs)
        {
            chars += doc.Text.Length;
            planted += doc.Spans.Count;
            var truth = doc.Spans.ToHashSet();
            var found = scrubber.Detect(doc.Text).ToHashSet();
            foreach (var s in found)
            {
                if (truth.Contains(s)) tp[(int)s.Type]++;
                else { fp[(int)s.Type]++; Keep(errors[s.Type], "FP", doc.Text, s, show); }
            }
            foreach (var s in truth)
                if (!found.Contains(s)) { fn[(int)s.Type]++; Keep(errors[s.Type], "FN", doc.Text, s, show); }
        }
        Console.WriteLine($"## Labelled set: {set.Docs.Count:N0} documents, {chars / 1e6:F1} M chars, {planted:N0} planted spans, {set.LookAlikes:N0} look-alikes");
        Console.WriteLine();
        Console.WriteLine("| type | planted | found | false pos. | missed | precision | recall |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        int allTp = 0, allFp = 0, allFn = 0;
        foreach (var type in PiiTypes.All)
        {
            int t = (int)type;
            allTp += tp[t]; allFp += fp[t]; allFn += fn[t];
            Console.WriteLine($"| {type.Key()} | {tp[t] + fn[t]:N0} | {tp[t]:N0} | {fp[t]:N0} | {fn[t]:N0} | {Ratio(tp[t], fp[t])} | {Ratio(tp[t], fn[t])} |");
        }
        Console.WriteLine($"| **all** | {allTp + allFn:N0} | {allTp:N0} | {allFp:N0} | {allFn:N0} | {Ratio(allTp, allFp)} | {Ratio(allTp, allFn)} |");
        Console.WriteLine();
        if (show == 0) return;
        foreach (var (type, list) in errors)
            foreach (string e in list) Console.WriteLine($"    {type.Key(),-6} {e}");
        Console.WriteLine();
    }

    private static void Keep(List<string> list, string kind, string text, PiiSpan s, int show)
    {
        if (list.Count < show) list.Add($"{kind} {InContext(text, s)}");
    }

    private static string Ratio(int hit, int miss) => hit + miss == 0 ? "–" : ((double)hit / (hit + miss)).ToString("F4", CultureInfo.InvariantCulture);

    private static void Negative(PiiScrubber scrubber, List<RealTextCorpus.Document> corpus, int seed, int samples)
    {
        long bytes = 0;
        var counts = new int[PiiTypes.All.Count];
        var all = new List<(string Path, string Context, PiiType Type)>();
        var watch = Stopwatch.StartNew();
        foreach (var doc in corpus)
        {
            bytes += Encoding.UTF8.GetByteCount(doc.Text);
            foreach (var s in scrubber.Detect(doc.Text))
            {
                counts[(int)s.Type]++;
                all.Add((doc.Path, InContext(doc.Text, s), s.Type));
            }
        }
        watch.Stop();
        double megabytes = bytes / (1024.0 * 1024.0);
        Console.WriteLine($"## Negative set: {corpus.Count:N0} files of /usr/share/{{doc,man,common-licenses}}, {megabytes:F1} MB");
        Console.WriteLine();
        Console.WriteLine("| type | replacements | per MB |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var type in PiiTypes.All)
            Console.WriteLine($"| {type.Key()} | {counts[(int)type]:N0} | {counts[(int)type] / megabytes:F2} |");
        Console.WriteLine($"| **all** | {all.Count:N0} | {all.Count / megabytes:F2} |");
        Console.WriteLine();
        Console.WriteLine($"(detection only, one thread: {megabytes / watch.Elapsed.TotalSeconds:F0} MB/s, not a benchmark)");
        Console.WriteLine();
        var random = new Random(seed);
        // Addresses in changelogs and copyright lines are real (maintainers'), so the sample is of the other types.
        // At most two per file, so one large log does not fill the sample.
        var picked = all.Where(x => x.Type != PiiType.Email).OrderBy(_ => random.Next())
            .GroupBy(x => x.Path).SelectMany(g => g.Take(2)).OrderBy(_ => random.Next()).Take(samples).OrderBy(x => x.Type).ThenBy(x => x.Path, StringComparer.Ordinal).ToList();
        Console.WriteLine($"{picked.Count} sampled replacements other than email, in context (`[[…]]` is the span):");
        Console.WriteLine();
        foreach (var (path, context, type) in picked) Console.WriteLine($"- {type.Key()} `{path}`: `{context}`");
        Console.WriteLine();
    }

    private static string InContext(string text, PiiSpan s)
    {
        int from = Math.Max(0, s.Start - 40), to = Math.Min(text.Length, s.End + 40);
        string Clean(string part) => part.Replace('\n', '⏎').Replace('`', '\'').Replace('\t', ' ');
        return Clean(text[from..s.Start]) + "[[" + Clean(text.Substring(s.Start, s.Length)) + "]]" + Clean(text[s.End..to]);
    }
}
