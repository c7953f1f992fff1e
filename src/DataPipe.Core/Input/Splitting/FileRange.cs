namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// One task's part of an input file: bytes [Start, End) (End -1: to the end), its first record's file ordinal, and for
/// a compressed file the decompressed bytes it reads (null: the file is not compressed, or is read whole).
/// </summary>
public readonly record struct FileRange(long Start, long End, long FirstOrdinal, DecodedRange? Decoded = null)
{
    public static readonly IReadOnlyList<FileRange> Whole = [new(0, -1, 0)];
}
