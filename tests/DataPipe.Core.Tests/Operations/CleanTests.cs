using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Operations;

/// <summary><c>datapipe clean</c> and <c>clean_intermediates</c>: intermediates go, and resume, reports and incremental dedup still work.</summary>
public sealed class CleanTests : IDisposable
{
    private const string Stages = "  - type: exact_dedup\n    incremental: true\n  - type: write_documents\n";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CleanRemovesIntermediatesAndKeepsWhatResumeReportsAndIncrementalDedupNeed()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 3, docsPerShard: 200, wordsPerDoc: 40);
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir, Stages);
        Assert.Equal(0, CliProcess.Run(_dir.Path, "run", pipeline).ExitCode);
        var documents = CorpusFiles.Hashes(Path.Combine(outDir, "documents"));
        var state = CorpusFiles.Hashes(_dir.File("state"));
        string reportBefore = File.ReadAllText(Path.Combine(outDir, "report.json"));
        long before = Bytes(Path.Combine(outDir, "passes"));
        Assert.True(Directory.Exists(Path.Combine(outDir, "passes", "exact_dedup", "sign")));

        var clean = CliProcess.Run(_dir.Path, "clean", outDir);
        Assert.True(clean.ExitCode == 0, clean.All);
        long after = Bytes(Path.Combine(outDir, "passes"));
        Assert.Contains($"({(before - after) / 1e6:F1} MB)", clean.StdOut);
        Assert.True(after < before / 2, $"passes/ went from {before} to {after} bytes");
        // Only the per-task stats the report is rebuilt from stay under passes/.
        Assert.All(Directory.EnumerateFiles(Path.Combine(outDir, "passes"), "*", SearchOption.AllDirectories),
            f => Assert.Matches(@"passes/_phases/[^/]+/stats/task-\d{5}\.json$", f));
        Assert.Equal(documents, CorpusFiles.Hashes(Path.Combine(outDir, "documents")));
        Assert.Equal(state, CorpusFiles.Hashes(_dir.File("state")));

        // The report rebuilds to the same counts, and a rerun finds the build complete and changes nothing.
        Assert.Equal(0, CliProcess.Run(_dir.Path, "report", outDir).ExitCode);
        var rebuilt = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
        foreach (var count in new[] { "docs_read", "docs_kept" })
            Assert.Equal(JsonNode.Parse(reportBefore)!["totals"]![count]!.GetValue<long>(), rebuilt["totals"]![count]!.GetValue<long>());
        Assert.Equal(600, rebuilt["totals"]!["docs_read"]!.GetValue<long>());
        var rerun = CliProcess.Run(_dir.Path, "run", pipeline);
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Equal(documents, CorpusFiles.Hashes(Path.Combine(outDir, "documents")));

        // Incremental dedup: a next build over the same text finds every document in the index the cleaned build published.
        string next = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("next"), Stages);
        Assert.Equal(0, CliProcess.Run(_dir.Path, "run", next).ExitCode);
        var report = JsonNode.Parse(File.ReadAllText(_dir.File("next/report.json")))!;
        Assert.Equal(0, report["totals"]!["docs_kept"]!.GetValue<long>());
    }

    [Fact]
    public void CleanIntermediatesOptionCleansAtTheEndOfASuccessfulBuild()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 2, docsPerShard: 100, wordsPerDoc: 40);
        string plain = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("plain"), Stages, "state: state-a\n");
        Assert.Equal(0, CliProcess.Run(_dir.Path, "run", plain).ExitCode);
        string cleaned = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("cleaned"), Stages, "state: state-b\nclean_intermediates: true\n");
        var run = CliProcess.Run(_dir.Path, "run", cleaned);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("clean_intermediates: removed", run.StdErr);
        Assert.False(Directory.Exists(_dir.File("cleaned/passes/exact_dedup")));
        Assert.True(Directory.Exists(_dir.File("plain/passes/exact_dedup")));
        Assert.Equal(CorpusFiles.Hashes(_dir.File("plain/documents")), CorpusFiles.Hashes(_dir.File("cleaned/documents")));
    }

    private static long Bytes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
