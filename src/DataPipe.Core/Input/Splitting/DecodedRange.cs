namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// The decompressed part of a compressed file one task reads. The task decompresses from its range's compressed
/// start (a frame start), drops <see cref="Skip"/> bytes (the end of a line the previous range reads), then reads
/// <see cref="Length"/> bytes (-1: to the end), which may run on into the next range's frames to finish its last line.
/// </summary>
/// <param name="Start">Offset of the range's first line in the whole file's decompressed stream (quarantine offsets are in it).</param>
public sealed record DecodedRange(long Start, long Skip, long Length);
