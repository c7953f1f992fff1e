using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using DataPipe.Core.Formats.Html;
using DataPipe.Core.Formats.Html.MainContent;
using DataPipe.Core.Formats.Text;
using DataPipe.Core.Reporting;

namespace DataPipe.Benchmarks.Formats;

/// <summary>
/// Trains and cross-validates the learned block classifier of main-content extraction (<see cref="BlockClassifier"/>,
/// issue #16) on the development set: every page is extracted once by the hand rules alone (balanced), each block's
/// <see cref="BlockFeatures"/> recorded with a label from the set's segments (a block holding or held in a
/// <c>with</c> segment is main text, one holding or held in a <c>without</c> segment boilerplate, the rest unlabeled:
/// left out, or given the rules' verdict at a small weight). An L2-regularised logistic regression (Newton) is fitted
/// on pages 1-495 and scored on 496-990 and the other way round (and per fold of five with <c>--folds</c>), the
/// held-out pages scored exactly as <c>score.py</c> does.
/// <c>extraction-learn [--data DIR] [--unlabeled W,…] [--l2 L,…] [--negative W] [--fixed] [--folds] [--write FILE.cs]</c>:
/// <c>--negative</c> weighs boilerplate labels, <c>--fixed</c> keeps the threshold at 0 (else each fold picks its own
/// on its training pages); with <c>--write</c> the model of the first setting, trained on all pages, is written as
/// the C# weight table. Experiments: <c>--trees N --depth D</c> (boosted trees instead), <c>--held-min C</c> (the
/// shortest block labeled by being held in a segment), <c>--ambiguous</c> (the model decides only blocks not scored
/// good), <c>--no-guards</c> (the model decides every block), <c>--stack</c> (a second pass over the first's
/// neighbouring probabilities); <c>--cost</c> times the classifier.
/// </summary>
public static class ExtractionLearn
{
    private sealed record Page(string[] With, string[] Without, string[] Blocks, float[][] Features, bool[] Ruled, float[] Label, bool[] Decided);

    public static int Run(string[] args)
    {
        string data = Path.GetFullPath(Option(args, "--data") ?? "../shared/data/html-extraction");
        string? root = ExtractionBench.Unpacked(data);
        if (root is null) { Console.WriteLine($"extraction-learn: no development set at {data}"); return 1; }
        if (args.Contains("--cost")) return Cost(root);
        double[] unlabeled = Doubles(Option(args, "--unlabeled") ?? "0,0.1");
        double[] l2 = Doubles(Option(args, "--l2") ?? "1,10");
        bool ambiguousOnly = args.Contains("--ambiguous");
        s_tune = !args.Contains("--fixed");
        s_heldMinChars = int.Parse(Option(args, "--held-min") ?? "8", CultureInfo.InvariantCulture);
        s_trees = int.Parse(Option(args, "--trees") ?? "0", CultureInfo.InvariantCulture);
        s_depth = int.Parse(Option(args, "--depth") ?? "1", CultureInfo.InvariantCulture);
        s_guards = !args.Contains("--no-guards");
        s_negative = double.Parse(Option(args, "--negative") ?? "1", CultureInfo.InvariantCulture);
        var pages = Load(root);
        Console.WriteLine($"{pages.Count} pages, {pages.Sum(p => p.Blocks.Length)} blocks, {pages.Sum(p => p.Label.Count(l => l == 1))} main / "
            + $"{pages.Sum(p => p.Label.Count(l => l == 0))} boilerplate labeled");

        int n = pages.Count, half = (n + 1) / 2;
        int[] all = Enumerable.Range(0, n).ToArray(), h1 = all[..half], h2 = all[half..];
        Console.WriteLine($"rules           all {Rules(pages, all)} | h1 {Rules(pages, h1)} | h2 {Rules(pages, h2)}");
        foreach (double u in unlabeled)
            foreach (double l in l2)
            {
                var m1 = Fit(pages, h1, u, l, ambiguousOnly);
                var m2 = Fit(pages, h2, u, l, ambiguousOnly);
                var mAll = Fit(pages, all, u, l, ambiguousOnly);
                Console.WriteLine($"u={u} l2={l}  unlabeled text the model turns over (in-sample): {Flips(pages, all, mAll)}");
                Console.WriteLine($"u={u} l2={l}  h1→h2 {Score(pages, h2, m1, 0)} (t {m1.Threshold:0.0}) | h2→h1 {Score(pages, h1, m2, 0)} (t {m2.Threshold:0.0}) "
                    + $"| all→all (in-sample) {Score(pages, all, mAll, 0)} (t {mAll.Threshold:0.0})");
                if (args.Contains("--folds"))
                {
                    var counts = new Counts();
                    for (int f = 0; f < 5; f++)
                    {
                        int[] test = all.Where(i => i * 5 / n == f).ToArray(), train = all.Where(i => i * 5 / n != f).ToArray();
                        var mf = Fit(pages, train, u, l, ambiguousOnly);
                        var c = Count(pages, test, mf, 0);
                        var rules = Count(pages, test, null, 0);
                        Console.WriteLine($"    fold {f + 1}: model {c} rules {rules}");
                        counts.Add(c);
                    }
                    Console.WriteLine($"    5-fold pooled: {counts}");
                }
            }

        if (args.Contains("--stack"))
        {
            double u = unlabeled[0], l = l2[0];
            Console.WriteLine($"stacked (neighbours' first-pass probabilities added)  h1→h2 {Stacked(pages, h1, h2, u, l)} | h2→h1 {Stacked(pages, h2, h1, u, l)}");
        }

        if (Option(args, "--write") is { } file)
        {
            if (s_trees > 0 || ambiguousOnly || !s_guards) throw new ArgumentException("--write takes the shipped form only: a regression, with the guards, on every decided block");
            var model = Fit(pages, all, unlabeled[0], l2[0], ambiguousOnly);
            foreach (double shift in new[] { -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3 })
                Console.WriteLine($"  threshold {model.Threshold + shift:0.0}: {Score(pages, all, model, shift)}");
            Write(file, model, args);
            Console.WriteLine($"wrote {file}");
        }
        return 0;
    }

    // Whether each fold picks its threshold on its training pages (else 0: probability one half).
    private static bool s_tune = true;
    // Whether the runtime's guards (BlockClassifier.Decides) leave some blocks to the rules; off to measure them.
    private static bool s_guards = true;
    // Weight of a boilerplate label against a main-text one (above 1 trades recall for precision).
    private static double s_negative = 1;

    /// <summary>
    /// Two passes (an experiment, not shipped): the first model's probabilities of the blocks around each block are
    /// added to its features for a second model. On the training pages the first pass is cross-fitted (odd pages
    /// scored by the model of the even ones and the other way round), so the second model sees first-pass outputs as
    /// unsure as on new pages.
    /// </summary>
    private static Counts Stacked(List<Page> pages, int[] train, int[] test, double u, double l)
    {
        int[] even = train.Where((_, k) => k % 2 == 0).ToArray(), odd = train.Where((_, k) => k % 2 == 1).ToArray();
        var stacked = new List<Page>(pages);
        Augment(stacked, pages, even, Fit(pages, odd, u, l, false));
        Augment(stacked, pages, odd, Fit(pages, even, u, l, false));
        Augment(stacked, pages, test, Fit(pages, train, u, l, false));
        var second = Fit(stacked, train, u, l, false);
        return Count(stacked, test, second, 0);
    }

    private static void Augment(List<Page> target, List<Page> pages, int[] set, Model first)
    {
        foreach (int pi in set)
        {
            var p = pages[pi];
            var prob = new float[p.Blocks.Length];
            for (int i = 0; i < prob.Length; i++)
                prob[i] = !Decidable(p, i, false) ? (p.Ruled[i] ? 1 : 0) : (float)(1 / (1 + Math.Exp(-Logit(first, p.Features[i]))));
            var features = new float[prob.Length][];
            for (int i = 0; i < prob.Length; i++)
            {
                float near = 0;
                int seen = 0;
                for (int j = Math.Max(0, i - 2); j <= Math.Min(prob.Length - 1, i + 2); j++) if (j != i) { near += prob[j]; seen++; }
                features[i] = [.. p.Features[i], i > 0 ? prob[i - 1] : 0, i + 1 < prob.Length ? prob[i + 1] : 0, seen == 0 ? 0 : near / seen, prob[i]];
            }
            target[pi] = p with { Features = features };
        }
    }

    /// <summary>
    /// The main-content pass alone (collect, rules, classifier, assembly) with and without the classifier, on the
    /// same parsed pages, alternating: what the classifier adds beside parsing.
    /// </summary>
    private static int Cost(string root)
    {
        var counters = new Counters();
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        var learned = new MainContentExtractor(ExtractionFavor.Balanced, learned: true);
        var rules = new MainContentExtractor(ExtractionFavor.Balanced, learned: false);
        var withClock = new System.Diagnostics.Stopwatch();
        var withoutClock = new System.Diagnostics.Stopwatch();
        long bytes = 0;
        foreach (var (_, item) in JsonNode.Parse(File.ReadAllText(Path.Combine(root, "tests", "evaldata.json")))!.AsObject())
        {
            string file = item!["file"]!.GetValue<string>();
            string cache = Path.Combine(root, "tests", "cache", file);
            byte[] html = File.ReadAllBytes(File.Exists(cache) ? cache : Path.Combine(root, "tests", "eval", file));
            bytes += html.Length;
            using var document = parser.ParseDocument(HtmlDecoder.Decode(html, null, counters, out _));
            if (document.Body is not { } body) continue;
            string? hint = ArticleBodyHint.Find(document);
            for (int round = 0; round < 3; round++)
            {
                withoutClock.Start(); rules.Extract(body, hint); withoutClock.Stop();
                withClock.Start(); learned.Extract(body, hint); withClock.Stop();
            }
        }
        double with = withClock.Elapsed.TotalSeconds / 3, without = withoutClock.Elapsed.TotalSeconds / 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"main-content pass over {bytes / 1e6:0.0} MB: rules {without:0.000} s, rules + classifier {with:0.000} s (+{(with - without) * 1000:0} ms, {bytes / 1e6 / with:0} MB/s of HTML for the pass)"));
        return 0;
    }

    private sealed record Model(double[] Weights, double Threshold, bool AmbiguousOnly, TreeNode[]? Trees = null);

    /// <summary>A node of a boosted tree: a split (<c>x[Feature] &lt;= Cut</c> goes left) or a leaf (no children).</summary>
    private sealed class TreeNode
    {
        public int Feature = -1;
        public float Cut;
        public TreeNode? Left, Right;
        public double Value;
        public double Eval(float[] x) => Left is null ? Value : x[Feature] <= Cut ? Left.Eval(x) : Right!.Eval(x);
    }

    // Boosted trees instead of the regression: rounds, depth (--trees N --depth D).
    private static int s_trees;
    private static int s_depth = 1;
    private const double Shrink = 0.1, LeafL2 = 1, MinHessian = 3;

    private static List<Page> Load(string root)
    {
        var pages = new List<Page>();
        var counters = new Counters();
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        var extractor = new MainContentExtractor(ExtractionFavor.Balanced, learned: false);
        foreach (var (_, item) in JsonNode.Parse(File.ReadAllText(Path.Combine(root, "tests", "evaldata.json")))!.AsObject())
        {
            string file = item!["file"]!.GetValue<string>();
            string cache = Path.Combine(root, "tests", "cache", file);
            byte[] bytes = File.ReadAllBytes(File.Exists(cache) ? cache : Path.Combine(root, "tests", "eval", file));
            string[] with = item["with"]!.AsArray().Select(s => Norm(s!.GetValue<string>())).ToArray();
            string[] without = item["without"]!.AsArray().Select(s => Norm(s!.GetValue<string>())).ToArray();
            using var document = parser.ParseDocument(HtmlDecoder.Decode(bytes, null, counters, out _));
            if (document.Body is not { } body) { pages.Add(new Page(with, without, [], [], [], [], [])); continue; }
            extractor.Extract(body, ArticleBodyHint.Find(document));
            var blocks = extractor.Blocks;
            var nodes = extractor.Nodes;
            var text = extractor.Text;
            var page = BlockFeatures.Page.Of(nodes, blocks, extractor.Main);
            var texts = new string[blocks.Length];
            var features = new float[blocks.Length][];
            var ruled = new bool[blocks.Length];
            var label = new float[blocks.Length];
            var decided = new bool[blocks.Length];
            for (int i = 0; i < blocks.Length; i++)
            {
                texts[i] = text.Slice(blocks[i].Start, blocks[i].Length).ToString();
                features[i] = new float[BlockFeatures.Count];
                BlockFeatures.Fill(nodes, blocks, text, page, i, features[i]);
                ruled[i] = blocks[i].Ruled;
                decided[i] = s_guards ? BlockClassifier.Decides(blocks[i], page, nodes) : true;
                label[i] = Label(Norm(texts[i]), with, without);
            }
            pages.Add(new Page(with, without, texts, features, ruled, label, decided));
        }
        return pages;
    }

    // A block too short to say which segment it belongs to when held in one ("Home" in a sentence).
    private static int s_heldMinChars = 8;

    /// <summary>1 main text, 0 boilerplate, NaN unlabeled.</summary>
    private static float Label(string block, string[] with, string[] without)
    {
        if (block.Length == 0) return float.NaN;
        foreach (var s in with)
            if (s.Length > 0 && (block.Contains(s, StringComparison.Ordinal) || (block.Length >= s_heldMinChars && s.Contains(block, StringComparison.Ordinal)))) return 1;
        foreach (var s in without)
            if (s.Length > 0 && (block.Contains(s, StringComparison.Ordinal) || (block.Length >= s_heldMinChars && s.Contains(block, StringComparison.Ordinal)))) return 0;
        return float.NaN;
    }

    private static bool Decidable(Page p, int i, bool ambiguousOnly) => p.Decided[i] && (!ambiguousOnly || p.Features[i][Feature("scored_good")] == 0);

    private static int Feature(string name) => Array.IndexOf(BlockFeatures.Names, name);

    /// <summary>L2-regularised logistic regression by Newton's method (the bias is not penalised); the threshold maximises F1 on the same pages.</summary>
    private static Model Fit(List<Page> pages, int[] train, double unlabeledWeight, double l2, bool ambiguousOnly)
    {
        int d = pages.First(p => p.Features.Length > 0).Features[0].Length;
        var rows = new List<(float[] X, double Y, double W)>();
        foreach (int pi in train)
        {
            var p = pages[pi];
            for (int i = 0; i < p.Blocks.Length; i++)
            {
                if (!Decidable(p, i, ambiguousOnly)) continue;
                if (!float.IsNaN(p.Label[i])) rows.Add((p.Features[i], p.Label[i], p.Label[i] == 0 ? s_negative : 1));
                else if (unlabeledWeight > 0) rows.Add((p.Features[i], p.Ruled[i] ? 1 : 0, unlabeledWeight));
            }
        }
        if (s_trees > 0) return Tuned(pages, train, FitTrees(rows, ambiguousOnly));
        var w = new double[d];
        for (int iter = 0; iter < 30; iter++)
        {
            var g = new double[d];
            var h = new double[d, d];
            foreach (var (x, y, weight) in rows)
            {
                double z = 0;
                for (int j = 0; j < d; j++) z += w[j] * x[j];
                double p = 1 / (1 + Math.Exp(-z));
                double r = weight * (p - y), s = weight * Math.Max(p * (1 - p), 1e-9);
                for (int j = 0; j < d; j++)
                {
                    if (x[j] == 0) continue;
                    g[j] += r * x[j];
                    double sx = s * x[j];
                    for (int k = 0; k <= j; k++) h[j, k] += sx * x[k];
                }
            }
            for (int j = 0; j < d; j++)
            {
                for (int k = 0; k < j; k++) h[k, j] = h[j, k];
                double reg = j == 0 ? 1e-6 : l2;
                g[j] += reg * w[j];
                h[j, j] += reg;
            }
            var step = Solve(h, g);
            double norm = 0;
            for (int j = 0; j < d; j++) { w[j] -= step[j]; norm += step[j] * step[j]; }
            if (norm < 1e-10) break;
        }
        return Tuned(pages, train, new Model(w, 0, ambiguousOnly));
    }

    private static Model Tuned(List<Page> pages, int[] train, Model model)
    {
        if (!s_tune) return model;
        double best = -1, threshold = 0;
        for (double t = -3; t <= 3.001; t += 0.1)
        {
            double f1 = Count(pages, train, model, t).F1;
            if (f1 > best + 1e-9) { best = f1; threshold = t; }
        }
        return model with { Threshold = Math.Round(threshold, 1) };
    }

    /// <summary>Gradient-boosted trees on the logistic loss (Newton leaves, L2 on leaf values), cuts at feature quantiles.</summary>
    private static Model FitTrees(List<(float[] X, double Y, double W)> rows, bool ambiguousOnly)
    {
        int d = BlockFeatures.Count, n = rows.Count;
        var cuts = new float[d][];
        for (int j = 0; j < d; j++)
        {
            var values = rows.Select(r => r.X[j]).Order().ToArray();
            cuts[j] = Enumerable.Range(1, 31).Select(q => values[(int)((long)q * (n - 1) / 32)]).Distinct().ToArray();
        }
        double pos = rows.Sum(r => r.W * r.Y), total = rows.Sum(r => r.W);
        double bias = Math.Log(pos / (total - pos));
        var f = Enumerable.Repeat(bias, n).ToArray();
        var g = new double[n];
        var h = new double[n];
        var trees = new List<TreeNode>();
        for (int round = 0; round < s_trees; round++)
        {
            for (int i = 0; i < n; i++)
            {
                double p = 1 / (1 + Math.Exp(-f[i]));
                g[i] = rows[i].W * (p - rows[i].Y);
                h[i] = rows[i].W * Math.Max(p * (1 - p), 1e-9);
            }
            var tree = Grow(rows, Enumerable.Range(0, n).ToArray(), g, h, cuts, s_depth);
            trees.Add(tree);
            for (int i = 0; i < n; i++) f[i] += tree.Eval(rows[i].X);
        }
        return new Model([bias], 0, ambiguousOnly, trees.ToArray());
    }

    private static TreeNode Grow(List<(float[] X, double Y, double W)> rows, int[] index, double[] g, double[] h, float[][] cuts, int depth)
    {
        double G = 0, H = 0;
        foreach (int i in index) { G += g[i]; H += h[i]; }
        var node = new TreeNode { Value = -Shrink * G / (H + LeafL2) };
        if (depth == 0) return node;
        double bestGain = 1e-6, parent = G * G / (H + LeafL2);
        int bestF = -1;
        float bestCut = 0;
        for (int j = 0; j < cuts.Length; j++)
        {
            var c = cuts[j];
            if (c.Length == 0) continue;
            var gs = new double[c.Length + 1];
            var hs = new double[c.Length + 1];
            foreach (int i in index)
            {
                int b = Array.BinarySearch(c, rows[i].X[j]);
                if (b < 0) b = ~b;
                gs[b] += g[i];
                hs[b] += h[i];
            }
            double gl = 0, hl = 0;
            for (int b = 0; b < c.Length; b++)
            {
                gl += gs[b]; hl += hs[b];
                double gr = G - gl, hr = H - hl;
                if (hl < MinHessian || hr < MinHessian) continue;
                double gain = gl * gl / (hl + LeafL2) + gr * gr / (hr + LeafL2) - parent;
                if (gain > bestGain) { bestGain = gain; bestF = j; bestCut = c[b]; }
            }
        }
        if (bestF < 0) return node;
        node.Feature = bestF;
        node.Cut = bestCut;
        node.Left = Grow(rows, index.Where(i => rows[i].X[bestF] <= bestCut).ToArray(), g, h, cuts, depth - 1);
        node.Right = Grow(rows, index.Where(i => rows[i].X[bestF] > bestCut).ToArray(), g, h, cuts, depth - 1);
        return node;
    }

    /// <summary>Solves H s = g by Cholesky (H is symmetric positive definite with the L2 term).</summary>
    private static double[] Solve(double[,] h, double[] g)
    {
        int d = g.Length;
        var l = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = h[i, j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-12)) : sum / l[j, j];
            }
        var y = new double[d];
        for (int i = 0; i < d; i++)
        {
            double sum = g[i];
            for (int k = 0; k < i; k++) sum -= l[i, k] * y[k];
            y[i] = sum / l[i, i];
        }
        var s = new double[d];
        for (int i = d - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < d; k++) sum -= l[k, i] * s[k];
            s[i] = sum / l[i, i];
        }
        return s;
    }

    private sealed class Counts
    {
        public int Tp, Fp, Fn;
        public double P => Tp + Fp == 0 ? 0 : (double)Tp / (Tp + Fp);
        public double R => Tp + Fn == 0 ? 0 : (double)Tp / (Tp + Fn);
        public double F1 => P + R == 0 ? 0 : 2 * P * R / (P + R);
        public void Add(Counts c) { Tp += c.Tp; Fp += c.Fp; Fn += c.Fn; }
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{P:0.0000}/{R:0.0000}/{F1:0.0000} fp{Fp} fn{Fn}");
    }

    /// <summary>
    /// Characters of unlabeled blocks whose verdict the model changes from the rules': the set's score cannot see
    /// them, so a model that turns over much of them is guessing about text no segment judges.
    /// </summary>
    private static string Flips(List<Page> pages, int[] set, Model model)
    {
        long kept = 0, dropped = 0, ruledKept = 0, total = 0;
        foreach (int pi in set)
        {
            var p = pages[pi];
            for (int i = 0; i < p.Blocks.Length; i++)
            {
                if (!float.IsNaN(p.Label[i])) continue;
                total += p.Blocks[i].Length;
                if (p.Ruled[i]) ruledKept += p.Blocks[i].Length;
                if (!Decidable(p, i, model.AmbiguousOnly)) continue;
                bool keep = Logit(model, p.Features[i]) > model.Threshold;
                if (keep && !p.Ruled[i]) kept += p.Blocks[i].Length;
                if (!keep && p.Ruled[i]) dropped += p.Blocks[i].Length;
            }
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{kept / 1e6:0.00} M chars newly kept, {dropped / 1e6:0.00} M newly dropped (rules keep {ruledKept / 1e6:0.00} M of {total / 1e6:0.00} M unlabeled)");
    }

    private static string Rules(List<Page> pages, int[] set) => Count(pages, set, null, 0).ToString();

    private static string Score(List<Page> pages, int[] set, Model model, double shift) => Count(pages, set, model, shift).ToString();

    /// <summary><c>score.py</c>'s counts for the pages' texts: the kept blocks joined by blank lines, whitespace collapsed.</summary>
    private static Counts Count(List<Page> pages, int[] set, Model? model, double shift)
    {
        var counts = new Counts();
        var output = new StringBuilder();
        foreach (int pi in set)
        {
            var p = pages[pi];
            output.Clear();
            for (int i = 0; i < p.Blocks.Length; i++)
            {
                bool keep = model is null || !Decidable(p, i, model.AmbiguousOnly) ? p.Ruled[i] : Logit(model, p.Features[i]) > model.Threshold + shift;
                if (!keep) continue;
                if (output.Length > 0) output.Append("\n\n");
                output.Append(p.Blocks[i]);
            }
            string text = Norm(output.ToString());
            foreach (var s in p.With) if (text.Contains(s, StringComparison.Ordinal)) counts.Tp++; else counts.Fn++;
            foreach (var s in p.Without) if (text.Contains(s, StringComparison.Ordinal)) counts.Fp++;
        }
        return counts;
    }

    // The runtime sums in single precision; so does the trainer's scoring, so the two agree on the boundary.
    private static double Logit(Model model, float[] x)
    {
        if (model.Trees is { } trees)
        {
            double sum = model.Weights[0];
            foreach (var t in trees) sum += t.Eval(x);
            return sum;
        }
        var w = model.Weights;
        float z = 0;
        for (int j = 0; j < w.Length; j++) z += (float)w[j] * x[j];
        return z;
    }

    /// <summary>Python's <c>re.sub(r"\s+", " ", t).strip()</c>.</summary>
    private static string Norm(string t)
    {
        var sb = new StringBuilder(t.Length);
        bool space = false;
        foreach (char c in t)
        {
            if (char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f') { space = true; continue; }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static void Write(string file, Model model, string[] args)
    {
        var sb = new StringBuilder();
        sb.AppendLine("// Generated by the trainer, do not edit:");
        sb.AppendLine($"//   dotnet tests/DataPipe.Benchmarks/bin/Release/net10.0/DataPipe.Benchmarks.dll extraction-learn {string.Join(' ', args)}");
        sb.AppendLine($"// on the 990 pages of the development set (../shared/data/html-extraction, trafilatura's evaluation set), all pages, {DateTime.UtcNow:yyyy-MM-dd}.");
        sb.AppendLine("// Labels: a block holding or held in a \"with\" segment is main text, one holding or held in a \"without\" segment boilerplate.");
        sb.AppendLine("namespace DataPipe.Core.Formats.Html.MainContent;");
        sb.AppendLine();
        sb.AppendLine("public static partial class BlockClassifier");
        sb.AppendLine("{");
        sb.AppendLine("    /// <summary>One weight per <see cref=\"BlockFeatures.Names\"/> entry, in order.</summary>");
        sb.AppendLine("    internal static ReadOnlySpan<float> Weights =>");
        sb.AppendLine("    [");
        for (int j = 0; j < model.Weights.Length; j++)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"        {model.Weights[j]:0.0000}f, // {BlockFeatures.Names[j]}"));
        sb.AppendLine("    ];");
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    private const float BalancedThreshold = {model.Threshold:0.0}f;"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    private const float PrecisionThreshold = {model.Threshold + PrecisionShift:0.0}f;"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    private const float RecallThreshold = {model.Threshold + RecallShift:0.0}f;"));
        sb.AppendLine("}");
        File.WriteAllText(file, sb.ToString());
    }

    // Favor moves the threshold on the logit: precision drops what the model is less sure of, recall keeps more.
    private const double PrecisionShift = 1.0, RecallShift = -0.5;

    private static double[] Doubles(string list) => list.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
