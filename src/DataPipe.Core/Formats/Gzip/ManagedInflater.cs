using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace DataPipe.Core.Formats.Gzip;

/// <summary>
/// The fallback for <see cref="NativeInflater"/>: the public <see cref="DeflateStream"/> for the deflate body, with the
/// gzip header and trailer (CRC-32, length) parsed and checked here as zlib does. DeflateStream reads ahead and hides
/// how much input it used, so it is fed one byte per read: then every byte handed over is a byte zlib consumed, and
/// the member's end is known to the byte. Several times slower than the native path; intact members inflate to the
/// same bytes, a damaged one may lose the few bytes decoded from its last input byte (they are untrusted either way).
/// </summary>
internal sealed class ManagedInflater : IInflater
{
    private const byte FlagHeaderCrc = 0x02, FlagExtra = 0x04, FlagName = 0x08, FlagComment = 0x10, FlagsReserved = 0xe0;
    private const int FixedHeaderBytes = 10, TrailerBytes = 8;

    private enum Phase { Fixed, ExtraLength, Extra, Name, Comment, HeaderCrc, Body, Trailer, Done }

    private readonly ByteFeeder _feeder = new();
    private readonly Crc32 _headerCrc = new();
    private readonly Crc32 _dataCrc = new();
    private readonly byte[] _scratch = new byte[FixedHeaderBytes];
    private DeflateStream? _deflate;
    private Phase _phase;
    private int _scratchFill;
    private int _flags;
    private int _extraLeft;
    private uint _dataLength;

    public ManagedInflater() => Reset();

    public string? LastMessage { get; private set; }

    public void Reset()
    {
        _deflate?.Dispose();
        _deflate = new DeflateStream(_feeder, CompressionMode.Decompress, leaveOpen: true);
        _phase = Phase.Fixed;
        _scratchFill = 0;
        _flags = 0;
        _extraLeft = 0;
        _dataLength = 0;
        _headerCrc.Reset();
        _dataCrc.Reset();
        LastMessage = null;
    }

    public int Inflate(ReadOnlyMemory<byte> input, Span<byte> output, out int consumed, out int produced)
    {
        consumed = 0;
        produced = 0;
        var bytes = input.Span;
        while (_phase != Phase.Done)
        {
            if (_phase == Phase.Body)
            {
                if (!InflateBody(input[consumed..], output, ref consumed, ref produced, out bool bodyEnded, out bool starved)) return IInflater.DataError;
                if (bodyEnded) { _phase = Phase.Trailer; continue; }
                if (starved || produced == output.Length) break;
                continue;
            }
            if (consumed == bytes.Length) break;
            byte b = bytes[consumed++];
            string? error = _phase == Phase.Trailer ? TrailerByte(b) : HeaderByte(b);
            if (error is not null)
            {
                LastMessage = error;
                return IInflater.DataError;
            }
        }
        if (_phase == Phase.Done) return IInflater.StreamEnd;
        return consumed > 0 || produced > 0 ? IInflater.Ok : IInflater.BufError;
    }

    private bool InflateBody(ReadOnlyMemory<byte> input, Span<byte> output, ref int consumed, ref int produced, out bool ended, out bool starved)
    {
        ended = starved = false;
        _feeder.Offer(input);
        try
        {
            while (produced < output.Length)
            {
                int n = _deflate!.Read(output[produced..]);
                _dataCrc.Append(output.Slice(produced, n));
                _dataLength += (uint)n;
                produced += n;
                if (n > 0) continue;
                // Nothing came out: either the feeder ran dry, or the final deflate block is done (DeflateStream then
                // answers 0 without asking for input).
                starved = _feeder.Starved;
                ended = !starved;
                break;
            }
            return true;
        }
        catch (InvalidDataException e)
        {
            LastMessage = e.Message;
            return false;
        }
        finally
        {
            consumed += _feeder.Withdraw();
        }
    }

    /// <summary>One header byte; the error zlib would give, or null.</summary>
    private string? HeaderByte(byte b)
    {
        if (_phase != Phase.HeaderCrc) _headerCrc.Append([b]);
        switch (_phase)
        {
            case Phase.Fixed:
                _scratch[_scratchFill++] = b;
                if (_scratchFill < FixedHeaderBytes) return null;
                if (_scratch[0] != 0x1f || _scratch[1] != 0x8b) return "incorrect header check";
                if (_scratch[2] != 8) return "unknown compression method";
                _flags = _scratch[3];
                if ((_flags & FlagsReserved) != 0) return "unknown header flags set";
                _scratchFill = 0;
                NextHeaderField(Phase.Fixed);
                return null;
            case Phase.ExtraLength:
                _scratch[_scratchFill++] = b;
                if (_scratchFill < 2) return null;
                _extraLeft = BinaryPrimitives.ReadUInt16LittleEndian(_scratch);
                _scratchFill = 0;
                if (_extraLeft > 0) _phase = Phase.Extra;
                else NextHeaderField(Phase.Extra);
                return null;
            case Phase.Extra:
                if (--_extraLeft == 0) NextHeaderField(Phase.Extra);
                return null;
            case Phase.Name:
            case Phase.Comment:
                if (b == 0) NextHeaderField(_phase);
                return null;
            case Phase.HeaderCrc:
                _scratch[_scratchFill++] = b;
                if (_scratchFill < 2) return null;
                _scratchFill = 0;
                if (BinaryPrimitives.ReadUInt16LittleEndian(_scratch) != (ushort)_headerCrc.GetCurrentHashAsUInt32()) return "header crc mismatch";
                _phase = Phase.Body;
                return null;
            default:
                throw new InvalidOperationException($"not a header phase: {_phase}");
        }
    }

    /// <summary>Moves past <paramref name="done"/> to the next optional field the flags announce, or to the body.</summary>
    private void NextHeaderField(Phase done)
    {
        if (done < Phase.ExtraLength && (_flags & FlagExtra) != 0) _phase = Phase.ExtraLength;
        else if (done < Phase.Name && (_flags & FlagName) != 0) _phase = Phase.Name;
        else if (done < Phase.Comment && (_flags & FlagComment) != 0) _phase = Phase.Comment;
        else if ((_flags & FlagHeaderCrc) != 0) _phase = Phase.HeaderCrc;
        else _phase = Phase.Body;
    }

    private string? TrailerByte(byte b)
    {
        _scratch[_scratchFill++] = b;
        if (_scratchFill < TrailerBytes) return null;
        _scratchFill = 0;
        if (BinaryPrimitives.ReadUInt32LittleEndian(_scratch) != _dataCrc.GetCurrentHashAsUInt32()) return "incorrect data check";
        if (BinaryPrimitives.ReadUInt32LittleEndian(_scratch.AsSpan(4)) != _dataLength) return "incorrect length check";
        _phase = Phase.Done;
        return null;
    }

    public void Dispose() => _deflate?.Dispose();

    /// <summary>Hands DeflateStream one byte per read, so the bytes it took are exactly the bytes it used.</summary>
    private sealed class ByteFeeder : Stream
    {
        private ReadOnlyMemory<byte> _offered;
        private int _given;

        public bool Starved { get; private set; }

        public void Offer(ReadOnlyMemory<byte> bytes)
        {
            _offered = bytes;
            _given = 0;
            Starved = false;
        }

        /// <summary>Ends the offer; returns how many bytes were taken.</summary>
        public int Withdraw()
        {
            _offered = default;
            return _given;
        }

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty) return 0;
            if (_given == _offered.Length)
            {
                Starved = true;
                return 0;
            }
            buffer[0] = _offered.Span[_given++];
            return 1;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
