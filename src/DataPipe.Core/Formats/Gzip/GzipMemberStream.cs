using System.Buffers;

namespace DataPipe.Core.Formats.Gzip;

/// <summary>
/// Decompresses a gzip file member by member (Common Crawl writes one member per record) and survives damage:
/// a member that fails to inflate, or runs to the end of the file unfinished, is reported with its compressed offset
/// and reading resumes at the next gzip member header after its start. Where the output jumps over lost bytes it
/// records a <see cref="Breaks">break</see>, so a record parser knows the next bytes start afresh.
/// </summary>
public sealed class GzipMemberStream : Stream
{
    private const int InputBufferBytes = 1 << 18;
    private static ReadOnlySpan<byte> MemberMagic => [0x1f, 0x8b, 0x08];

    private readonly Stream _source;
    private readonly IInflater _inflater;
    private readonly List<long> _breaks = [];
    private readonly List<(long Start, long End)> _damaged = [];
    private byte[] _input = ArrayPool<byte>.Shared.Rent(InputBufferBytes);
    private long _inputBase;   // compressed offset of _input[0]
    private int _inStart;
    private int _inEnd;
    private bool _sourceDone;
    private bool _inMember;
    private bool _finished;
    private long _memberStart;
    private long _memberOutputStart;
    private long _produced;

    /// <param name="damage">Told of each damaged or truncated stretch: compressed offset, error, the first compressed bytes.</param>
    public GzipMemberStream(Stream source, DamageHandler damage)
        : this(source, damage, InflaterChoice.Shared)
    {
    }

    internal GzipMemberStream(Stream source, DamageHandler damage, InflaterChoice inflaters)
    {
        _inflater = inflaters.Create();
        _source = source;
        Damage = damage;
    }

    public delegate void DamageHandler(long compressedOffset, string error, ReadOnlySpan<byte> sample);

    private DamageHandler Damage { get; }

    /// <summary>Decompressed offsets where bytes were lost before them (ascending).</summary>
    public IReadOnlyList<long> Breaks => _breaks;

    /// <summary>Decompressed ranges that came out of damaged or truncated members: not to be trusted.</summary>
    public IReadOnlyList<(long Start, long End)> Damaged => _damaged;

    /// <summary>Members inflated completely.</summary>
    public long Members { get; private set; }

    /// <summary>Compressed bytes consumed so far.</summary>
    public long CompressedPosition => _inputBase + _inStart;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (destination.IsEmpty) return 0;
        while (!_finished)
        {
            if (!_inMember && !StartMember()) break;
            int rc = _inflater.Inflate(_input.AsMemory(_inStart, _inEnd - _inStart), destination, out int consumed, out int produced);
            _inStart += consumed;
            _produced += produced;
            if (rc == IInflater.StreamEnd)
            {
                _inMember = false;
                Members++;
            }
            else if (rc < 0 && rc != IInflater.BufError)
            {
                OnDamagedMember(_inflater.LastMessage ?? $"zlib error {rc}");
                if (produced == 0) continue;
            }
            else if (consumed == 0 && produced == 0)
            {
                if (!Fill()) OnTruncated();
                continue;
            }
            if (produced > 0) return produced;
        }
        return 0;
    }

    /// <summary>Positions at the next member header (skipping and reporting anything else); false at the end.</summary>
    private bool StartMember()
    {
        if (!EnsureInput(MemberMagic.Length))
        {
            if (_inEnd > _inStart && !IsZeroPadding(_input.AsSpan(_inStart, _inEnd - _inStart)))
                Damage(CompressedPosition, "trailing bytes after the last gzip member (compressed offset)", _input.AsSpan(_inStart, _inEnd - _inStart));
            _inStart = _inEnd;
            _finished = true;
            return false;
        }
        if (!_input.AsSpan(_inStart).StartsWith(MemberMagic))
        {
            long garbageAt = CompressedPosition;
            var sample = _input.AsSpan(_inStart, Math.Min(4096, _inEnd - _inStart)).ToArray();
            bool found = ScanForMember(_inStart + 1);
            if (!found && IsZeroPadding(sample)) { _finished = true; return false; }
            Damage(garbageAt, $"bytes that are not a gzip member at compressed offset {garbageAt}; skipped {CompressedPosition - garbageAt} bytes to the next member", sample);
            MarkBreak();
            if (!found) { _finished = true; return false; }
        }
        _memberStart = CompressedPosition;
        _memberOutputStart = _produced;
        _inflater.Reset();
        _inMember = true;
        return true;
    }

    private void OnDamagedMember(string zlibMessage)
    {
        long failedAt = CompressedPosition;
        int memberIndex = (int)Math.Max(0, _memberStart - _inputBase);
        var sample = _input.AsSpan(memberIndex, Math.Min(4096, _inEnd - memberIndex));
        _damaged.Add((_memberOutputStart, _produced));
        Damage(_memberStart, $"gzip member at compressed offset {_memberStart} failed to inflate at compressed offset {failedAt}: {zlibMessage}", sample);
        MarkBreak();
        _inMember = false;
        // The damaged member may have swallowed a good header after the damage point, so search from just past its start.
        if (!ScanForMember(memberIndex + 1)) _finished = true;
    }

    private void OnTruncated()
    {
        int memberIndex = (int)Math.Max(0, _memberStart - _inputBase);
        _damaged.Add((_memberOutputStart, _produced));
        Damage(_memberStart, $"compressed file ends inside the gzip member that starts at compressed offset {_memberStart} (truncated)",
            _input.AsSpan(memberIndex, Math.Min(4096, _inEnd - memberIndex)));
        MarkBreak();
        _inMember = false;
        // A member that never ends may be a stray header in front of good members it swallowed: look for them.
        if (!ScanForMember(memberIndex + 1)) _finished = true;
    }

    private void MarkBreak()
    {
        if (_breaks.Count == 0 || _breaks[^1] != _produced) _breaks.Add(_produced);
    }

    /// <summary>Moves to the next <c>1f 8b 08</c> at or after buffer index <paramref name="from"/>, reading on as needed.</summary>
    private bool ScanForMember(int from)
    {
        _inStart = Math.Min(from, _inEnd);
        while (true)
        {
            int hit = _input.AsSpan(_inStart, _inEnd - _inStart).IndexOf(MemberMagic);
            if (hit >= 0) { _inStart += hit; return true; }
            // Keep the last two bytes: a header may straddle the refill.
            _inStart = Math.Max(_inStart, _inEnd - (MemberMagic.Length - 1));
            if (!Fill()) { _inStart = _inEnd; return false; }
        }
    }

    private bool EnsureInput(int count)
    {
        while (_inEnd - _inStart < count)
            if (!Fill()) return false;
        return true;
    }

    /// <summary>Reads more compressed bytes, keeping the unread ones (and the current member's start when it fits).</summary>
    private bool Fill()
    {
        if (_sourceDone) return false;
        int keepFrom = _inStart;
        if (_inMember)
        {
            long memberIndex = _memberStart - _inputBase;
            if (memberIndex >= 0 && _inStart - memberIndex < _input.Length / 2) keepFrom = (int)memberIndex;
        }
        if (keepFrom > 0)
        {
            Buffer.BlockCopy(_input, keepFrom, _input, 0, _inEnd - keepFrom);
            _inputBase += keepFrom;
            _inStart -= keepFrom;
            _inEnd -= keepFrom;
        }
        if (_inEnd == _input.Length)
        {
            // The kept member start fills the buffer: let it go rather than grow.
            _inputBase += _inStart;
            Buffer.BlockCopy(_input, _inStart, _input, 0, _inEnd - _inStart);
            _inEnd -= _inStart;
            _inStart = 0;
        }
        int n = _source.Read(_input, _inEnd, _input.Length - _inEnd);
        if (n == 0) { _sourceDone = true; return false; }
        _inEnd += n;
        return true;
    }

    private static bool IsZeroPadding(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _produced; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater.Dispose();
            if (_input.Length > 0) ArrayPool<byte>.Shared.Return(_input);
            _input = [];
        }
        base.Dispose(disposing);
    }
}
