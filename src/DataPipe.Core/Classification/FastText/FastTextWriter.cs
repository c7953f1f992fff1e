using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// Writes a supervised model as fastText's <c>saveModel</c> does (format version 12, dense matrices, no pruning),
/// the layout <see cref="FastTextModel.Load"/> and the fastText CLI read. Little-endian, as every fastText build on
/// x86 and ARM writes it.
/// </summary>
public static class FastTextWriter
{
    public static void Write(string path, FastTextArgs args, FastTextDictionary dictionary, DenseMatrix input, DenseMatrix output)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("fastText models are written on little-endian machines only");
        string temp = path + ".tmp";
        using (var stream = new BufferedStream(File.Create(temp), 1 << 16))
        {
            var w = new Writer(stream);
            w.Int32(FastTextModel.Magic);
            w.Int32(FastTextModel.Version);
            WriteArgs(w, args);
            WriteDictionary(w, dictionary);
            w.Byte(0); // input not quantized
            WriteMatrix(w, input);
            w.Byte(0); // output not quantized
            WriteMatrix(w, output);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static void WriteArgs(Writer w, FastTextArgs a)
    {
        w.Int32(a.Dim);
        w.Int32(a.WindowSize);
        w.Int32(a.Epoch);
        w.Int32(a.MinCount);
        w.Int32(a.Negatives);
        w.Int32(a.WordNgrams);
        w.Int32((int)a.Loss);
        w.Int32((int)a.Model);
        w.Int32(a.Bucket);
        w.Int32(a.MinN);
        w.Int32(a.MaxN);
        w.Int32(a.LrUpdateRate);
        w.Double(a.SamplingThreshold);
    }

    private static void WriteDictionary(Writer w, FastTextDictionary d)
    {
        w.Int32(d.Size);
        w.Int32(d.WordCount);
        w.Int32(d.LabelCount);
        w.Int64(d.TokenCount);
        w.Int64(-1); // not pruned
        for (int i = 0; i < d.Size; i++)
        {
            w.Bytes(d.Entry(i));
            w.Byte(0);
            w.Int64(d.Count(i));
            w.Byte(d.IsLabel(i) ? (byte)1 : (byte)0);
        }
    }

    private static void WriteMatrix(Writer w, DenseMatrix m)
    {
        w.Int64(m.Rows);
        w.Int64(m.Columns);
        w.Bytes(MemoryMarshal.AsBytes(m.Data));
    }

    private sealed class Writer(Stream stream)
    {
        private readonly byte[] _scratch = new byte[8];

        public void Byte(byte b) => stream.WriteByte(b);

        public void Bytes(ReadOnlySpan<byte> bytes) => stream.Write(bytes);

        public void Int32(int v)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_scratch, v);
            stream.Write(_scratch, 0, 4);
        }

        public void Int64(long v)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_scratch, v);
            stream.Write(_scratch, 0, 8);
        }

        public void Double(double v)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(_scratch, v);
            stream.Write(_scratch, 0, 8);
        }
    }
}
