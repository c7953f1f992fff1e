namespace DataPipe.Core.Formats.Gzip;

/// <summary>
/// One gzip member at a time, with zlib's contract: how many input bytes were used and whether the member ended,
/// which <see cref="GzipMemberStream"/> needs to report compressed offsets and resync after damage.
/// </summary>
internal interface IInflater : IDisposable
{
    const int Ok = 0;
    const int StreamEnd = 1;
    const int DataError = -3;
    const int BufError = -5;

    /// <summary>Starts a new gzip member; the previous one's state is dropped.</summary>
    void Reset();

    /// <returns>zlib's return code: <see cref="Ok"/>, <see cref="StreamEnd"/> (member complete), <see cref="BufError"/> (needs more input) or a negative error.</returns>
    int Inflate(ReadOnlyMemory<byte> input, Span<byte> output, out int consumed, out int produced);

    /// <summary>Why the last call failed, when it did.</summary>
    string? LastMessage { get; }
}
