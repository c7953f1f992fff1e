namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// fastText's <c>getLine</c> for prediction, on UTF-8 bytes: words are runs between the bytes
/// <c>' ' \n \r \t \v \f \0</c> (no other whitespace splits); a line end is the word <c>&lt;/s&gt;</c> and ends
/// the line; each word contributes its input rows (in-vocabulary: itself and its precomputed n-grams; out of
/// vocabulary: its n-grams, hashed as they grow); labels are skipped; word n-grams follow at the end.
/// No allocation: the caller owns the buffers and reuses them for every line.
/// </summary>
public static class FastTextTokenizer
{
    private static readonly byte[] EndOfSentence = "</s>"u8.ToArray();

    public static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0B or 0x0C or 0;

    /// <summary>
    /// The input rows of one line, as fastText computes them for a line that ends in a newline (the newline gives
    /// the closing <c>&lt;/s&gt;</c>; the CLI's <c>predict</c> sees every input line that way). A newline inside
    /// <paramref name="line"/> ends it there, as it ends fastText's line.
    /// </summary>
    /// <param name="bounded">Scratch for <c>&lt;word&gt;</c>; grown (never shrunk) when a word does not fit.</param>
    /// <param name="cache">Rows of out-of-vocabulary words seen before (the predictor's); null hashes every word.</param>
    public static void Tokenize(FastTextDictionary dictionary, ReadOnlySpan<byte> line, IdBuffer ids, IdBuffer wordHashes, ref byte[] bounded, SubwordCache? cache = null) =>
        Tokenize(dictionary, line, ids, wordHashes, null, ref bounded, cache);

    /// <summary>As above; with <paramref name="labels"/>, the line's in-dictionary labels (0-based label numbers) are
    /// collected there as fastText's training <c>getLine</c> does, instead of being skipped.</summary>
    public static void Tokenize(FastTextDictionary dictionary, ReadOnlySpan<byte> line, IdBuffer ids, IdBuffer wordHashes, IdBuffer? labels, ref byte[] bounded, SubwordCache? cache = null)
    {
        labels?.Clear();
        ids.Clear();
        wordHashes.Clear();
        int pos = 0;
        while (true)
        {
            while (pos < line.Length && IsSeparator(line[pos]) && line[pos] != (byte)'\n') pos++;
            if (pos == line.Length || line[pos] == (byte)'\n')
            {
                AddWord(dictionary, EndOfSentence, ids, wordHashes, labels, ref bounded, cache);
                break;
            }
            int start = pos;
            while (pos < line.Length && !IsSeparator(line[pos])) pos++;
            AddWord(dictionary, line[start..pos], ids, wordHashes, labels, ref bounded, cache);
        }
        dictionary.AddWordNgrams(wordHashes.Span, ids);
    }

    private static void AddWord(FastTextDictionary dictionary, ReadOnlySpan<byte> word, IdBuffer ids, IdBuffer wordHashes, IdBuffer? labels, ref byte[] bounded, SubwordCache? cache)
    {
        uint h = FastTextHash.Hash(word);
        int id = dictionary.Find(word, h);
        if (id >= 0)
        {
            if (dictionary.IsLabel(id))
            {
                labels?.Add(id - dictionary.WordCount);
                return;
            }
            if (dictionary.Args.MaxN <= 0) ids.Add(id);
            else ids.AddRange(dictionary.Subwords(id));
        }
        else
        {
            if (word.StartsWith("__label__"u8)) return;
            if (cache is not null && cache.TryGet(word, h, out var known)) ids.AddRange(known);
            else if (!word.SequenceEqual(EndOfSentence))
            {
                if (bounded.Length < word.Length + 2) bounded = new byte[Math.Max(word.Length + 2, bounded.Length * 2)];
                int n = FastTextDictionary.WithBoundaries(word, bounded);
                int before = ids.Count;
                dictionary.AddCharNgrams(bounded.AsSpan(0, n), ids);
                cache?.Add(word, h, ids.Span[before..]);
            }
        }
        wordHashes.Add((int)h);
    }
}
