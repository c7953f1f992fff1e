using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Execution;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Tests.Runtime;

public sealed class PlannerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed class KeepAll(string name) : DocumentFilter
    {
        public override string Name { get; } = name;

        protected override string? Check(Document document, TextView text, Counters counters) => null;
    }

    private sealed class FakeGlobal(string name, params string[] phases) : IGlobalStage
    {
        public string Name { get; } = name;

        public IReadOnlyList<IResolvePhase> ResolvePhases { get; } = phases.Select(p => (IResolvePhase)new Phase(p)).ToList();

        public IDocumentStep OpenSigner(StepContext context) => throw new InvalidOperationException();

        public IDocumentStep OpenApplier(StepContext context) => throw new InvalidOperationException();

        private sealed class Phase(string name) : IResolvePhase
        {
            public string Name { get; } = name;

            public int TaskCount(int shardCount) => Name == "merge" ? 1 : 16;

            public void Run(ResolveContext context) { }
        }
    }

    private Plan PlanOf(params IStage[] stages) => PlanOf(carry: true, stages);

    private Plan PlanOf(bool carry, params IStage[] stages)
    {
        var catalog = new StageCatalog();
        foreach (var stage in stages) catalog.Add(stage.Name, (_, _) => stage);
        string yaml = $"carry_documents: {(carry ? "true" : "false")}\ninputs:\n  - path: x.jsonl\nstages:\n" + string.Concat(stages.Select(s => $"  - {s.Name}\n"));
        var pipeline = new PipelineLoader(catalog).Parse(_dir.File("p.yaml"), yaml, new PipelineOverrides());
        var shards = Enumerable.Range(0, 3).Select(i => new InputShard { Index = i, Path = $"/in/{i}.jsonl", Format = "jsonl", Name = $"{i}.jsonl" }).ToList();
        return Planner.Create(pipeline, shards);
    }

    [Fact]
    public void DocumentStagesOnlyMakeOnePassAndFinalize()
    {
        var plan = PlanOf(new KeepAll("a"), new KeepAll("b"));
        Assert.Equal(["pass-1", "finalize"], plan.Phases.Select(p => p.Name));
        Assert.True(plan.Phases[0].FinalPass);
        Assert.Equal(3, plan.Phases[0].Tasks);
        Assert.Equal([new PassStep("a", StepMode.Run), new PassStep("b", StepMode.Run)], plan.Phases[0].Steps!);
    }

    [Fact]
    public void EachGlobalStageCutsAPassAndTheNextPassReadsWhatItCarriedAndAppliesIt()
    {
        var plan = PlanOf(new KeepAll("pre"), new FakeGlobal("exact", "buckets"), new KeepAll("mid"), new FakeGlobal("fuzzy", "buckets", "merge"), new KeepAll("post"));
        Assert.Equal(["pass-1", "exact.buckets", "pass-2", "fuzzy.buckets", "fuzzy.merge", "pass-3", "finalize"], plan.Phases.Select(p => p.Name));
        Assert.Equal([new PassStep("pre", StepMode.Run), new PassStep("exact", StepMode.Sign)], plan.Phases[0].Steps!);
        Assert.Equal([new PassStep("exact", StepMode.Apply), new PassStep("mid", StepMode.Run), new PassStep("fuzzy", StepMode.Sign)], plan.Phases[2].Steps!);
        Assert.Equal([new PassStep("fuzzy", StepMode.Apply), new PassStep("post", StepMode.Run)], plan.Phases[5].Steps!);
        Assert.Equal([null, null, "pass-1", null, null, "pass-2", null], plan.Phases.Select(p => p.ReadsCarryOf));
        Assert.Equal([true, false, true, false, false, false, false], plan.Phases.Select(p => p.WritesCarry));
        // Every document stage runs in exactly one pass, and every global stage is signed once and applied once.
        var steps = plan.Phases.Where(p => p.Kind == PhaseKind.Pass).SelectMany(p => p.Steps!).ToList();
        Assert.Equal(["pre", "mid", "post"], steps.Where(s => s.Mode == StepMode.Run).Select(s => s.Stage));
        Assert.Equal(["exact", "fuzzy"], steps.Where(s => s.Mode == StepMode.Apply).Select(s => s.Stage));
    }

    [Fact]
    public void WithoutCarryEachPassReplaysTheStagesBeforeItsCutOnTheInput()
    {
        var plan = PlanOf(carry: false, new KeepAll("pre"), new FakeGlobal("exact", "buckets"), new FakeGlobal("fuzzy", "buckets", "merge"), new KeepAll("post"));
        Assert.All(plan.Phases, p => Assert.Null(p.ReadsCarryOf));
        Assert.All(plan.Phases, p => Assert.False(p.WritesCarry));
        Assert.Equal(["pass-1", "exact.buckets", "pass-2", "fuzzy.buckets", "fuzzy.merge", "pass-3", "finalize"], plan.Phases.Select(p => p.Name));
        Assert.Equal([new PassStep("pre", StepMode.Run), new PassStep("exact", StepMode.Sign)], plan.Phases[0].Steps!);
        Assert.Equal([new PassStep("pre", StepMode.Run), new PassStep("exact", StepMode.Apply), new PassStep("fuzzy", StepMode.Sign)], plan.Phases[2].Steps!);
        Assert.Equal([new PassStep("pre", StepMode.Run), new PassStep("exact", StepMode.Apply), new PassStep("fuzzy", StepMode.Apply), new PassStep("post", StepMode.Run)], plan.Phases[5].Steps!);
        Assert.Equal(16, plan.Phases[3].Tasks);
        Assert.Equal(1, plan.Phases[4].Tasks);
        Assert.Equal(1, plan.Phases[4].ResolveIndex);
        Assert.Equal([false, false, false, false, false, true, false], plan.Phases.Select(p => p.FinalPass));
    }

    [Fact]
    public void PlanRoundTripsThroughJsonAndHashesItsInputs()
    {
        var plan = PlanOf(new KeepAll("a"), new FakeGlobal("g", "buckets"));
        var back = System.Text.Json.JsonSerializer.Deserialize<Plan>(plan.ToJson(), Plan.Json)!;
        Assert.Equal(plan.ConfigHash, back.ConfigHash);
        Assert.Equal(plan.Phases.Select(p => p.Name), back.Phases.Select(p => p.Name));
        Assert.Equal(plan.Phases[0].Steps, back.Phases[0].Steps);
        Assert.Equal(plan.Shards, back.Shards);
        Assert.Matches("^[0-9a-f]{64}$", plan.ConfigHash);
    }

    [Fact]
    public void RangesRoundTripThroughThePlanAndChangeTheHashWhereTheSameTextCutsAFileDifferently()
    {
        var catalog = new StageCatalog();
        catalog.Add("a", (_, _) => new KeepAll("a"));
        var pipeline = new PipelineLoader(catalog).Parse(_dir.File("p.yaml"), "inputs:\n  - path: x.jsonl\nstages:\n  - a\n", new PipelineOverrides());
        InputShard Range(int index, long start, long end, long first) =>
            new() { Index = index, Path = "/in/big.jsonl", Format = "jsonl", Name = "big.jsonl", Bytes = 100, Start = start, End = end, FirstOrdinal = first };
        var whole = new List<InputShard> { Range(0, 0, -1, 0) with { Bytes = 300 } };
        var thirds = new List<InputShard> { Range(0, 0, 100, 0), Range(1, 100, 200, 7), Range(2, 200, -1, 15) };
        var otherCuts = new List<InputShard> { Range(0, 0, 100, 0), Range(1, 100, 200, 8), Range(2, 200, -1, 15) };

        var plan = Planner.Create(pipeline, thirds);
        Assert.Equal(3, plan.Phases[0].Tasks);
        var back = System.Text.Json.JsonSerializer.Deserialize<Plan>(plan.ToJson(), Plan.Json)!;
        Assert.Equal(thirds, back.Shards);
        Assert.Equal([false, true, true], back.Shards.Select(s => s.Start > 0));
        Assert.Equal(3, new[] { whole, thirds, otherCuts }.Select(s => Planner.ConfigHash(pipeline, s)).Distinct().Count());
        // A shard that is a whole file hashes as it did before ranges existed, so earlier builds resume.
        Assert.False(whole[0].IsRange);
        Assert.DoesNotContain("\"is_range\"", plan.ToJson());
    }

    [Fact]
    public void DecodedRangesRoundTripThroughThePlanAndChangeTheHashOnlyWhenPresent()
    {
        var catalog = new StageCatalog();
        catalog.Add("a", (_, _) => new KeepAll("a"));
        var pipeline = new PipelineLoader(catalog).Parse(_dir.File("p.yaml"), "inputs:\n  - path: x.jsonl.zst\nstages:\n  - a\n", new PipelineOverrides());
        InputShard Range(int index, long start, long end, long first, Input.Splitting.DecodedRange? decoded) =>
            new() { Index = index, Path = "/in/big.jsonl.zst", Format = "jsonl", Name = "big.jsonl.zst", Bytes = 100, Start = start, End = end, FirstOrdinal = first, Decoded = decoded };
        var frames = new List<InputShard> { Range(0, 0, 100, 0, new(0, 0, 410)), Range(1, 100, -1, 7, new(410, 23, -1)) };
        var otherSkip = new List<InputShard> { Range(0, 0, 100, 0, new(0, 0, 410)), Range(1, 100, -1, 7, new(410, 24, -1)) };
        var plain = new List<InputShard> { Range(0, 0, 100, 0, null), Range(1, 100, -1, 7, null) };

        var plan = Planner.Create(pipeline, frames);
        var back = System.Text.Json.JsonSerializer.Deserialize<Plan>(plan.ToJson(), Plan.Json)!;
        Assert.Equal(frames, back.Shards);
        Assert.Contains("\"decoded\"", plan.ToJson());
        Assert.DoesNotContain("\"decoded\"", Planner.Create(pipeline, plain).ToJson());
        Assert.Equal(3, new[] { frames, otherSkip, plain }.Select(s => Planner.ConfigHash(pipeline, s)).Distinct().Count());
    }
}
