using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;
using Microsoft.ML.Tokenizers;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>
/// <c>cl100k_base</c> on one thread over the same documents: our encoder, Microsoft.ML.Tokenizers'
/// <see cref="TiktokenTokenizer"/> (as <c>CreateForEncoding</c> gives it) and, for reference, OpenAI tiktoken's WASM
/// build in node. A first pass checks that all three give the same ids — document by document for the two in this
/// process, by token count and an order-sensitive checksum for tiktoken — and throws if they do not; it is also the
/// warm-up. Then the in-process encoders take turns, pass by pass, so load from other jobs falls on both alike.
/// </summary>
internal sealed record Cl100kRace(long Bytes, int Documents, long Tokens, EncoderSpeed Ours, EncoderSpeed Library, EncoderSpeed Tiktoken)
{
    public const string Encoding = "cl100k_base";

    /// <summary>How many times faster ours is than Microsoft.ML.Tokenizers (best pass against best pass).</summary>
    public double SpeedupOverLibrary => Library.BestSeconds / Ours.BestSeconds;

    public static Cl100kRace Run(ComparisonOptions options, ComparisonCorpus corpus)
    {
        var docs = corpus.EncodeDocuments;
        var ours = PretrainedEncodings.Load(Encoding).OpenEncoder();
        var library = TiktokenTokenizer.CreateForEncoding(Encoding);
        var (tokens, checksum) = CheckIdentical(docs, ours, library);

        var oursSeconds = new List<double>();
        var librarySeconds = new List<double>();
        var ids = new List<int>(1 << 16);
        for (int pass = 0; pass < options.Passes; pass++)
        {
            oursSeconds.Add(TimePass(tokens, () => TokenCounting.Count(ours, docs, ids)));
            librarySeconds.Add(TimePass(tokens, () =>
            {
                long n = 0;
                foreach (string doc in docs) n += library.EncodeToIds(doc).Count;
                return n;
            }));
        }
        var tiktoken = RunTiktoken(options, corpus, tokens, checksum);
        return new(corpus.EncodeBytes, docs.Count, tokens, new("ours", oursSeconds),
            new($"Microsoft.ML.Tokenizers {RunContext.MicrosoftMlVersion()} TiktokenTokenizer", librarySeconds), tiktoken);
    }

    /// <summary>Encodes every document with both; returns the token count and checksum of the (equal) ids.</summary>
    private static (long Tokens, uint Checksum) CheckIdentical(IReadOnlyList<string> docs, ITokenEncoder ours, Tokenizer library)
    {
        var ids = new List<int>(1 << 16);
        long tokens = 0;
        uint checksum = 0;
        for (int d = 0; d < docs.Count; d++)
        {
            ids.Clear();
            ours.Encode(docs[d], ids);
            var expected = library.EncodeToIds(docs[d]);
            int differ = FirstDifference(ids, expected);
            if (differ >= 0)
                throw new InvalidOperationException(
                    $"{Encoding}: our ids differ from Microsoft.ML.Tokenizers' in document {d} at token {differ} " +
                    $"(ours {Describe(ids, differ)}, theirs {Describe(expected, differ)}; {ids.Count} vs {expected.Count} tokens)");
            foreach (int id in ids) checksum = IdChecksum.Add(checksum, id);
            tokens += ids.Count;
        }
        return (tokens, checksum);
    }

    private static int FirstDifference(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        int common = Math.Min(a.Count, b.Count);
        for (int i = 0; i < common; i++) if (a[i] != b[i]) return i;
        return a.Count == b.Count ? -1 : common;
    }

    private static string Describe(IReadOnlyList<int> ids, int at) => at < ids.Count ? ids[at].ToString(CultureInfo.InvariantCulture) : "end";

    private static double TimePass(long expectedTokens, Func<long> pass)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        long tokens = pass();
        double seconds = clock.Elapsed.TotalSeconds;
        if (tokens != expectedTokens) throw new InvalidOperationException($"a timed pass gave {tokens} tokens, the checked pass {expectedTokens}");
        return seconds;
    }

    /// <summary>tests/interop/tokenizers/tiktoken-bench.js: a warm-up pass that reports count and checksum, then timed passes.</summary>
    private static EncoderSpeed RunTiktoken(ComparisonOptions options, ComparisonCorpus corpus, long tokens, uint checksum)
    {
        var run = MeasuredProcess.Run("node", Path.Combine(options.InteropDirectory, "tiktoken-bench.js"), corpus.EncodeDocumentsPath,
            options.Passes.ToString(CultureInfo.InvariantCulture));
        using var report = JsonDocument.Parse(run.StdOut.Trim().Split('\n')[^1]);
        var root = report.RootElement;
        long theirTokens = root.GetProperty("tokens").GetInt64();
        uint theirChecksum = root.GetProperty("checksum").GetUInt32();
        if (theirTokens != tokens || theirChecksum != checksum)
            throw new InvalidOperationException(
                $"{Encoding}: tiktoken (WASM) ids differ from ours: {theirTokens} tokens, checksum {theirChecksum}; ours {tokens}, {checksum}");
        return new($"tiktoken {NodePackages.Version(options.InteropDirectory, "tiktoken")} (npm, WASM)", [.. root.GetProperty("seconds").EnumerateArray().Select(s => s.GetDouble())]);
    }
}
