using ZstdSharp;
using ZstdSharp.Unsafe;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>Multi-frame zstd files made in process (frames cut where a test says), and ZstdSharp's own frame boundaries.</summary>
public static class ZstdFrames
{
    /// <summary>Compresses <paramref name="data"/> as one frame per piece between <paramref name="cuts"/> (decompressed
    /// offsets); a skippable frame goes before the piece whose index is in <paramref name="skippableBefore"/>.</summary>
    public static void Write(string path, byte[] data, IEnumerable<int> cuts, bool checksum = false, params int[] skippableBefore)
    {
        var bounds = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Prepend(0).Append(data.Length).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var output = File.Create(path);
        for (int i = 0; i + 1 < bounds.Count; i++)
        {
            if (skippableBefore.Contains(i)) WriteSkippable(output, [1, 2, 3, 4, 5, 6, 7]);
            using var compressor = new Compressor(3);
            compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, checksum ? 1 : 0);
            output.Write(compressor.Wrap(data.AsSpan(bounds[i], bounds[i + 1] - bounds[i])));
        }
    }

    public static void WriteSkippable(Stream output, byte[] payload)
    {
        output.Write([0x5A, 0x2A, 0x4D, 0x18]);
        output.Write(BitConverter.GetBytes((uint)payload.Length));
        output.Write(payload);
    }

    /// <summary>Frame start offsets as ZstdSharp's port of libzstd finds them (<c>ZSTD_findFrameCompressedSize</c>).</summary>
    public static unsafe List<long> LibraryFrameStarts(byte[] file)
    {
        var starts = new List<long>();
        fixed (byte* bytes = file)
        {
            long position = 0;
            while (position < file.Length)
            {
                nuint size = Methods.ZSTD_findFrameCompressedSize(bytes + position, (nuint)(file.Length - position));
                Assert.False(Methods.ZSTD_isError(size), $"libzstd finds no frame at {position}");
                starts.Add(position);
                position += (long)size;
            }
        }
        return starts;
    }

    /// <summary>Decompressed offsets of every line end + 1 in <paramref name="data"/>, for cutting frames on line ends.</summary>
    public static List<int> LineEnds(byte[] data) =>
        Enumerable.Range(0, data.Length).Where(i => data[i] == (byte)'\n').Select(i => i + 1).ToList();
}
