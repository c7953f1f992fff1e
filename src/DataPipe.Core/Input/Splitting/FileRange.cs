namespace DataPipe.Core.Input.Splitting;

/// <summary>One task's part of an input file: bytes [Start, End) (End -1: to the end), its first record's file ordinal.</summary>
public readonly record struct FileRange(long Start, long End, long FirstOrdinal)
{
    public static readonly IReadOnlyList<FileRange> Whole = [new(0, -1, 0)];
}
