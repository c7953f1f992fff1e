namespace DataPipe.Core.Filters.Text;

/// <summary>
/// Word n-gram statistics for the Gopher repetition rules, keyed by 64-bit hashes instead of strings. A polynomial
/// prefix hash over the words concatenated without separator gives the key of any run of words in O(1), which is
/// exactly the identity datatrove uses for duplicated n-grams ("ab"+"c" equals "a"+"bc"); top n-grams are joined
/// with spaces, so their key mixes per-word hashes instead.
/// </summary>
public sealed class NGramStats
{
    private const ulong Base = 0x100000001B3UL * 2 + 1;

    [ThreadStatic] private static NGramStats? _perThread;

    private readonly HashCounts _counts = new();
    private ulong[] _prefix = new ulong[256];
    private ulong[] _power = new ulong[256];
    private ulong[] _wordHash = new ulong[256];
    private int[] _wordLength = new int[256];
    private int[] _offset = new int[256];
    private int _words;

    public static NGramStats ForThread() => _perThread ??= new NGramStats();

    public NGramStats Load(ReadOnlySpan<char> text, WordTokens words)
    {
        _words = words.Count;
        Ensure(ref _prefix, _words + 1);
        Ensure(ref _wordHash, _words);
        Ensure(ref _wordLength, _words);
        Ensure(ref _offset, _words + 1);
        ulong h = 0;
        int offset = 0;
        for (int i = 0; i < _words; i++)
        {
            var w = words.Word(text, i);
            _prefix[i] = h;
            _offset[i] = offset;
            foreach (char c in w) h = h * Base + c;
            offset += w.Length;
            _wordHash[i] = Duplicates.Hash(w);
            _wordLength[i] = PyText.Length(w);
        }
        _prefix[_words] = h;
        _offset[_words] = offset;
        Ensure(ref _power, offset + 1);
        _power[0] = 1;
        for (int i = 1; i <= offset; i++) _power[i] = _power[i - 1] * Base;
        return this;
    }

    /// <summary>Length (code points, spaces included) × count of the most frequent n-gram; ties go to the first seen.</summary>
    public double TopNGramChars(int n)
    {
        if (_words < n) return 0;
        _counts.Reset(_words);
        int best = 0;
        for (int i = 0; i + n <= _words; i++)
        {
            int count = ++_counts[JoinedKey(i, n)];
            if (count > best) best = count;
        }
        for (int i = 0; i + n <= _words; i++)
        {
            if (_counts[JoinedKey(i, n)] != best) continue;
            int chars = n - 1;
            for (int k = i; k < i + n; k++) chars += _wordLength[k];
            return (double)chars * best;
        }
        return 0;
    }

    /// <summary>Characters in repeated n-grams, skipping ahead by n after each repeat (datatrove's walk).</summary>
    public double DuplicateNGramChars(int n)
    {
        _counts.Reset(_words);
        long repeated = 0;
        int i = 0;
        while (i + n <= _words)
        {
            if (!_counts.Add(ConcatKey(i, n)))
            {
                for (int k = i; k < i + n; k++) repeated += _wordLength[k];
                i += n;
            }
            else
            {
                i++;
            }
        }
        return repeated;
    }

    private ulong ConcatKey(int i, int n)
    {
        int length = _offset[i + n] - _offset[i];
        ulong h = _prefix[i + n] - _prefix[i] * _power[length];
        return h ^ ((ulong)length * 0x9E3779B97F4A7C15UL);
    }

    private ulong JoinedKey(int i, int n)
    {
        ulong h = (ulong)n;
        for (int k = i; k < i + n; k++) h = (h ^ _wordHash[k]) * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        return h;
    }

    private static void Ensure<T>(ref T[] array, int size)
    {
        if (array.Length < size) array = new T[Math.Max(size, array.Length * 2)];
    }
}
