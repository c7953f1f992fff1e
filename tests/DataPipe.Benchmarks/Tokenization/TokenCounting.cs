using DataPipe.Core.Tokenization.Bpe;

namespace DataPipe.Benchmarks.Tokenization;

/// <summary>The token count of a set of texts under one of our encoders, encoding into one reused id list.</summary>
internal static class TokenCounting
{
    public static long Count(ITokenEncoder encoder, IEnumerable<string> texts, List<int> ids)
    {
        long tokens = 0;
        foreach (string text in texts)
        {
            ids.Clear();
            encoder.Encode(text, ids);
            tokens += ids.Count;
        }
        return tokens;
    }
}
