using System.Text.Json;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.IO;

namespace DataPipe.Core.Dedup.State;

/// <summary>
/// The cross-build index of one dedup stage: sorted 128-bit keys of every document kept by earlier builds, one file
/// per partition, in generation folders <c>state/&lt;stage&gt;/gen-NNNNNN/</c>. <c>CURRENT</c> names the live
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

    public sealed record Meta(int Partitions, long Keys, long Builds);

    public Meta? ReadMeta(string? generation = null)
    {
        generation ??= CurrentGeneration;
        if (generation is null) return null;
        string path = Path.Combine(Directory, generation, MetaFile);
        return JsonSerializer.Deserialize<Meta>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");
    }

    /// <summary>The keys of the live generation that fall in <paramref name="partition"/> of <paramref name="partitions"/>,
    /// sorted; re-partitions on the fly when an earlier build used another partition count.</summary>
    internal HashKey[] Load(int partition, int partitions)
    {
        var meta = ReadMeta();
        if (meta is null) return [];
        string gen = Path.Combine(Directory, CurrentGeneration!);
        if (meta.Partitions == partitions) return RecordFile.Read<HashKey>(PartFile(gen, partition));
        var keys = new List<HashKey>();
        for (int p = 0; p < meta.Partitions; p++)
            foreach (var k in RecordFile.Read<HashKey>(PartFile(gen, p)))
                if (DedupPartitioning.Of(k.Hi, partitions) == partition) keys.Add(k);
        keys.Sort();
        return [.. keys];
    }

    /// <summary>Writes a new generation from the per-partition files a build produced, then switches CURRENT to it.</summary>
    internal string Publish(IReadOnlyList<string> partitionFiles)
    {
        var previous = ReadMeta();
        int next = previous is null ? 1 : int.Parse(CurrentGeneration!.AsSpan(4)) + 1;
        string name = $"gen-{next:D6}";
        string gen = Path.Combine(Directory, name);
        long keys = 0;
        for (int p = 0; p < partitionFiles.Count; p++)
        {
            var part = RecordFile.Read<HashKey>(partitionFiles[p]);
            keys += part.Length;
            RecordFile.Write<HashKey>(PartFile(gen, p), part);
        }
        AtomicFile.WriteAllText(Path.Combine(gen, MetaFile), JsonSerializer.Serialize(new Meta(partitionFiles.Count, keys, (previous?.Builds ?? 0) + 1)));
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
        return removed;
    }

    private static string PartFile(string generation, int partition) => Path.Combine(generation, $"part-{partition:D5}.bin");
}
