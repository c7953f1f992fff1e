using System.Text.Json;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.IO;

namespace DataPipe.Core.Dedup.State;

/// <summary>
/// The cross-build index of one dedup stage: sorted fixed-size keys of every document kept by earlier builds (exact:
/// 128-bit hashes; fuzzy: band key + the keeper's build and position), one file per partition, in generation
/// folders <c>state/&lt;stage&gt;/gen-NNNNNN/</c>. Per-document data that is written once and never changes (fuzzy
/// keepers' ids and sketches) lives in <c>docs/build-NNNNNN/</c>, which generations reference by build number. <c>CURRENT</c> names the live
/// generation and is replaced atomically only after a new generation is fully written, so a build that dies
/// part-way (or a publish that dies half-way) leaves the index exactly as it was.
/// </summary>
public sealed class DedupIndex(string directory)
{
    private const string CurrentFile = "CURRENT";
    private const string MetaFile = "meta.json";

    public string Directory { get; } = Path.GetFullPath(directory);

    public string? CurrentGeneration =>
        File.Exists(Path.Combine(Directory, CurrentFile)) ? File.ReadAllText(Path.Combine(Directory, CurrentFile)).Trim() : null;

    /// <param name="Settings">What a key means (e.g. the fuzzy stage's n-gram/bands/rows/seed): a build whose settings
    /// differ would compare keys that mean different things, so it is refused rather than silently matching nothing.</param>
    public sealed record Meta(int Partitions, long Keys, long Builds, string? Settings = null);

    /// <summary>The number the next published build will carry (1 for an empty index).</summary>
    public long NextBuild => (ReadMeta()?.Builds ?? 0) + 1;

    /// <summary>Where build <paramref name="build"/>'s per-document data lives (fuzzy keepers' ids and sketches).</summary>
    public string DocumentsOf(long build) => Path.Combine(Directory, "docs", $"build-{build:D6}");

    /// <summary>Throws when the live generation was built with other <paramref name="settings"/>.</summary>
    public void CheckSettings(string settings)
    {
        var meta = ReadMeta();
        if (meta?.Settings is { } earlier && earlier != settings)
            throw new InvalidOperationException(
                $"{Directory} was built with {earlier}, this build uses {settings}: keys would not be comparable; use another state directory");
    }

    public Meta? ReadMeta(string? generation = null)
    {
        generation ??= CurrentGeneration;
        if (generation is null) return null;
        string path = Path.Combine(Directory, generation, MetaFile);
        return JsonSerializer.Deserialize<Meta>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");
    }

    /// <summary>The keys of the live generation that fall in <paramref name="partition"/> of <paramref name="partitions"/>,
    /// sorted; re-partitions on the fly when an earlier build used another partition count.</summary>
    internal HashKey[] Load(int partition, int partitions) => Load<HashKey>(partition, partitions, static k => k.Hi);

    /// <summary>As <see cref="Load(int, int)"/> for any key record; <paramref name="partitionKey"/> is the value the
    /// stage partitions by, so re-partitioning puts every key where the stage's own records for it go.</summary>
    internal T[] Load<T>(int partition, int partitions, Func<T, ulong> partitionKey) where T : unmanaged, IComparable<T>
    {
        var meta = ReadMeta();
        if (meta is null) return [];
        string gen = Path.Combine(Directory, CurrentGeneration!);
        if (meta.Partitions == partitions) return RecordFile.Read<T>(PartFile(gen, partition));
        var keys = new List<T>();
        for (int p = 0; p < meta.Partitions; p++)
            foreach (var k in RecordFile.Read<T>(PartFile(gen, p)))
                if (DedupPartitioning.Of(partitionKey(k), partitions) == partition) keys.Add(k);
        keys.Sort();
        return [.. keys];
    }

    /// <summary>Writes a new generation from the per-partition files a build produced, then switches CURRENT to it.</summary>
    internal string Publish(IReadOnlyList<string> partitionFiles) => Publish<HashKey>(partitionFiles);

    /// <summary>Writes a new generation of <typeparamref name="T"/> keys; when <paramref name="documents"/> is given,
    /// first copies that folder to <see cref="DocumentsOf"/> this build. Everything is written before CURRENT moves,
    /// so a publish that dies half-way leaves only folders CURRENT does not name (overwritten by the rerun).</summary>
    /// <param name="build">The build number the keys were written with (<see cref="NextBuild"/> when the build's
    /// resolve ran). A build killed after CURRENT moved but before its finalize was recorded publishes again on
    /// resume; passing the number keeps that second publish identical to the first instead of renumbering.</param>
    internal string Publish<T>(IReadOnlyList<string> partitionFiles, string? documents = null, string? settings = null, long? build = null)
        where T : unmanaged
    {
        var previous = ReadMeta();
        int next = previous is null ? 1 : int.Parse(CurrentGeneration!.AsSpan(4)) + 1;
        long thisBuild = build ?? (previous?.Builds ?? 0) + 1;
        // A folder of a build the live generation already counts is referenced: it is never rewritten (a re-publish
        // would copy the same bytes, and deleting it first could leave the live generation without it). One of a
        // build it does not count was left by a publish that died, and is replaced.
        if (documents is not null && System.IO.Directory.Exists(documents) && thisBuild > (previous?.Builds ?? 0))
        {
            string target = DocumentsOf(thisBuild);
            if (System.IO.Directory.Exists(target)) System.IO.Directory.Delete(target, recursive: true);
            foreach (var file in System.IO.Directory.EnumerateFiles(documents, "*", SearchOption.AllDirectories))
            {
                string to = Path.Combine(target, Path.GetRelativePath(documents, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        }
        string name = $"gen-{next:D6}";
        string gen = Path.Combine(Directory, name);
        long keys = 0;
        for (int p = 0; p < partitionFiles.Count; p++)
        {
            var part = RecordFile.Read<T>(partitionFiles[p]);
            keys += part.Length;
            RecordFile.Write<T>(PartFile(gen, p), part);
        }
        AtomicFile.WriteAllText(Path.Combine(gen, MetaFile), JsonSerializer.Serialize(new Meta(partitionFiles.Count, keys, Math.Max(thisBuild, previous?.Builds ?? 0), settings)));
        AtomicFile.WriteAllText(Path.Combine(Directory, CurrentFile), name + "\n");
        return name;
    }

    /// <summary>Deletes every generation but the live one (and stale temporaries); returns how many folders went.</summary>
    public int Compact()
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        AtomicFile.DeleteStaleTemporaries(Directory);
        string? live = CurrentGeneration;
        int removed = 0;
        foreach (var dir in System.IO.Directory.EnumerateDirectories(Directory, "gen-*").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(dir) == live) continue;
            System.IO.Directory.Delete(dir, recursive: true);
            removed++;
        }
        // Document folders of builds the live generation does not count were left by publishes that died.
        long builds = ReadMeta()?.Builds ?? 0;
        string docs = Path.Combine(Directory, "docs");
        if (System.IO.Directory.Exists(docs))
            foreach (var dir in System.IO.Directory.EnumerateDirectories(docs, "build-*"))
                if (long.Parse(Path.GetFileName(dir).AsSpan(6)) > builds)
                {
                    System.IO.Directory.Delete(dir, recursive: true);
                    removed++;
                }
        return removed;
    }

    private static string PartFile(string generation, int partition) => Path.Combine(generation, $"part-{partition:D5}.bin");
}
