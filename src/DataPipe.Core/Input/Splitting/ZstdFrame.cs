namespace DataPipe.Core.Input.Splitting;

/// <summary>One frame of a zstd file: where its bytes are, and whether it is a skippable frame (no data).</summary>
public readonly record struct ZstdFrame(long Offset, long Length, bool Skippable);
