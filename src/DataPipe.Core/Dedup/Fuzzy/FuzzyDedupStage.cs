using DataPipe.Core.Config;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Dedup.State;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>
/// MinHash-LSH near-duplicate removal. Sign writes band keys into partitions; <c>buckets</c> (one task per
/// partition) turns bucket collisions into candidate pairs and verifies them; <c>clusters</c> (one task) joins
/// verified pairs with union-find and keeps the smallest source position of each cluster; apply drops the rest.
/// With <c>incremental: true</c>, <c>buckets</c> also matches band keys against the keepers of earlier builds
/// (<see cref="Index"/>), a cluster holding a verified match is dropped whole as <c>seen_in_earlier_build</c>, and
/// <c>index</c> (one task per partition) writes the next generation that finalize publishes.
/// </summary>
public sealed class FuzzyDedupStage : IGlobalStage, IBuildFinalizer, IDeclaresDropReasons
{
    public const string NearDuplicate = "near_duplicate";
    public const string SeenInEarlierBuild = "seen_in_earlier_build";

    private FuzzyDedupStage(string name, FuzzyOptions options, int? partitions, long seed, DedupIndex? index)
    {
        Name = name;
        Options = options;
        Partitions = partitions;
        Hasher = new MinHasher(options.Bands, options.Rows, seed);
        Index = index;
        // What makes a band key or a sketch comparable across builds; threshold is not in it (it only decides).
        IndexSettings = $"fuzzy ngram={options.NGram} bands={options.Bands} rows={options.Rows} seed={seed} " +
            $"verify={options.Verify.ToString().ToLowerInvariant()} sketch_size={options.SketchSize} " +
            $"verify_text={options.VerifyText.ToString().ToLowerInvariant()}";
        ResolvePhases = index is null
            ? [new BucketPhase(this), new ClusterPhase(this)]
            : [new BucketPhase(this), new ClusterPhase(this), new IndexPhase(this)];
    }

    public string Name { get; }
    public FuzzyOptions Options { get; }
    public int? Partitions { get; }
    public MinHasher Hasher { get; }
    public IReadOnlyList<IResolvePhase> ResolvePhases { get; }
    public IReadOnlyList<string> DropReasons => [NearDuplicate, SeenInEarlierBuild];

    /// <summary>The cross-build index, or null when the stage is not incremental.</summary>
    public DedupIndex? Index { get; }

    internal string IndexSettings { get; }

    public static IStage Create(OptionsNode options, StageBuildContext context)
    {
        var fuzzy = new FuzzyOptions
        {
            NGram = options.GetInt("ngram", 5, 1, 64),
            Bands = options.GetInt("bands", 14, 1, 1024),
            Rows = options.GetInt("rows", 8, 1, 64),
            Verify = options.GetChoice("verify", "sketch", "sketch", "signature", "none") switch
            {
                "signature" => VerifyMethod.Signature,
                "none" => VerifyMethod.None,
                _ => VerifyMethod.Sketch,
            },
            Threshold = options.GetDouble("threshold", 0.8, 0, 1),
            SketchSize = options.GetInt("sketch_size", 4096, 0, 1 << 20),
            VerifyText = options.GetChoice("verify_text", "literal", "literal", "normalized") == "normalized" ? VerifyText.Normalized : VerifyText.Literal,
        };
        int? partitions = options.Has("partitions") ? options.GetInt("partitions", 1, 1, 65536) : null;
        long seed = options.GetLong("seed", 1, 0);
        var index = options.GetBool("incremental", false) ? new DedupIndex(Path.Combine(context.StateDirectory, context.StageName)) : null;
        return new FuzzyDedupStage(context.StageName, fuzzy, partitions, seed, index);
    }

    internal DedupPaths Paths(string stageDirectory) => new(stageDirectory);

    internal int PartitionCount(int shardCount) => DedupPartitioning.Count(Partitions, shardCount);

    public IDocumentStep OpenSigner(StepContext context) =>
        new FuzzySigner(Options, Hasher, PartitionCount(context.ShardCount), context.Shard.Index, Paths(context.StageDirectory(Name)), context.Counters);

    public IDocumentStep OpenApplier(StepContext context) =>
        DropApplier.Load([Paths(context.StageDirectory(Name)).ShardDrops(context.Shard.Index)], NearDuplicate, SeenInEarlierBuild);

    public void Finalize(FinalizeContext context)
    {
        var paths = Paths(context.Layout.StageDirectory(Name));
        using var earlier = Index is null ? null : new EarlierIds(Index, context.Shards.Select(s => paths.ShardEarlier(s.Index)));
        var report = DedupAudit.Write(context, Name, paths, shard => [paths.ShardDrops(shard)], [paths.Groups(0)], earlier,
            similarityMeasured: Options.Verify != VerifyMethod.None);
        report["verify"] = Options.Verify.ToString().ToLowerInvariant();
        report["threshold"] = Options.Threshold;
        if (Index is not null)
        {
            // Only here, after every phase of this build succeeded; a build that dies earlier never reaches it.
            int partitions = PartitionCount(context.Shards.Count);
            report["index_generation"] = Index.Publish<FuzzyIndexKey>(
                Enumerable.Range(0, partitions).Select(paths.NextState).ToList(), paths.NextDocuments, IndexSettings,
                long.Parse(File.ReadAllText(paths.NextBuild).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }
        context.ReportSections[$"dedup.{Name}"] = report;
    }
}

/// <summary>For the audit: the earlier build's document a dropped document matched, named by its id.</summary>
internal sealed class EarlierIds(DedupIndex index, IEnumerable<string> matchFiles) : IEarlierKeepers
{
    private readonly EarlierMatch[] _matches = Sorted(RecordFile.ReadAll<EarlierMatch>(matchFiles));
    private readonly Dictionary<(long, int), BlobReader> _readers = [];

    private static EarlierMatch[] Sorted(EarlierMatch[] m)
    {
        Array.Sort(m);
        return m;
    }

    public (long Build, string Id, double Similarity)? Of(ulong position)
    {
        int i = Array.BinarySearch(_matches, new EarlierMatch(position, long.MinValue, 0, 0));
        if (i < 0) i = ~i;
        if (i >= _matches.Length || _matches[i].Position != position) return null;
        var m = _matches[i];
        var at = Documents.SourcePosition.Unpack(m.EarlierPosition);
        if (!_readers.TryGetValue((m.Build, at.Shard), out var reader))
            _readers[(m.Build, at.Shard)] = reader = new BlobReader(new DedupPaths(index.DocumentsOf(m.Build)).Ids(at.Shard));
        string id = reader.Get(at.Ordinal) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : at.ToString();
        return (m.Build, id, m.Similarity);
    }

    public void Dispose()
    {
        foreach (var r in _readers.Values) r.Dispose();
    }
}
