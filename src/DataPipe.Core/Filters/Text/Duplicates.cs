using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DataPipe.Core.Filters.Text;

/// <summary>
/// datatrove's <c>find_duplicates</c> over spans: the second and later occurrences of an element count, with their
/// length in code points. Elements are keyed by a 64-bit XxHash3 of their UTF-16 text (collisions are negligible
/// at document sizes), so no element is copied into a string.
/// </summary>
public sealed class Duplicates
{
    private readonly HashCounts _seen = new();

    public int Elements { get; private set; }
    public int DuplicateElements { get; private set; }
    public long DuplicateChars { get; private set; }

    public void Reset()
    {
        _seen.Reset(0);
        Elements = 0;
        DuplicateElements = 0;
        DuplicateChars = 0;
    }

    public void Add(ReadOnlySpan<char> element)
    {
        Elements++;
        if (_seen.Add(Hash(element))) return;
        DuplicateElements++;
        DuplicateChars += PyText.Length(element);
    }

    public static ulong Hash(ReadOnlySpan<char> s) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(s));
}
