using System.Runtime.InteropServices;

namespace DataPipe.Core.Formats.Gzip;

/// <summary>
/// zlib's inflate, through the native library that ships with the .NET runtime (the one GZipStream uses).
/// GZipStream hides how many input bytes a member used, and a reader that must resync after a damaged member
/// and report compressed offsets needs exactly that, so this talks to the same native functions directly.
/// </summary>
internal sealed unsafe class NativeInflater : IInflater
{
    private const string Library = "libSystem.IO.Compression.Native";
    private const int GzipWindowBits = 16 + 15; // gzip header and trailer, 32 KB window

    private ZStream* _stream;

    public NativeInflater()
    {
        _stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        int rc = InflateInit2(_stream, GzipWindowBits);
        if (rc != IInflater.Ok) throw new InvalidOperationException($"zlib inflateInit2 failed ({rc})");
    }

    public void Reset()
    {
        int rc = InflateReset2(_stream, GzipWindowBits);
        if (rc != IInflater.Ok) throw new InvalidOperationException($"zlib inflateReset2 failed ({rc})");
    }

    public int Inflate(ReadOnlyMemory<byte> input, Span<byte> output, out int consumed, out int produced)
    {
        fixed (byte* inPtr = input.Span)
        fixed (byte* outPtr = output)
        {
            _stream->NextIn = inPtr;
            _stream->AvailIn = (uint)input.Length;
            _stream->NextOut = outPtr;
            _stream->AvailOut = (uint)output.Length;
            int rc = Inflate(_stream, 0);
            consumed = input.Length - (int)_stream->AvailIn;
            produced = output.Length - (int)_stream->AvailOut;
            _stream->NextIn = null;
            _stream->NextOut = null;
            return rc;
        }
    }

    public string? LastMessage => _stream is null || _stream->Msg is null ? null : Marshal.PtrToStringAnsi((IntPtr)_stream->Msg);

    public void Dispose()
    {
        if (_stream is null) return;
        InflateEnd(_stream);
        NativeMemory.Free(_stream);
        _stream = null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public sbyte* Msg;
        public void* InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    [DllImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    private static extern int InflateInit2(ZStream* stream, int windowBits);

    [DllImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
    private static extern int InflateReset2(ZStream* stream, int windowBits);

    [DllImport(Library, EntryPoint = "CompressionNative_Inflate")]
    private static extern int Inflate(ZStream* stream, int flush);

    [DllImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    private static extern int InflateEnd(ZStream* stream);
}
