using System.Security.Cryptography;
using System.Text;
using DataPipe.Core.IO;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Files;

/// <summary>A tiktoken ranks file: <c>base64(bytes) rank</c> per line. It names no pre-tokenizer, so a reader is told one.</summary>
public static class TiktokenFile
{
    public const string FileName = "tokenizer.tiktoken";

    public static void Write(BpeVocabulary vocabulary, string path) => AtomicFile.WriteAllText(path, ToText(vocabulary));

    public static string ToText(BpeVocabulary vocabulary)
    {
        var text = new StringBuilder(vocabulary.OrdinaryCount * 16);
        for (int id = 0; id < vocabulary.OrdinaryCount; id++)
            text.Append(Convert.ToBase64String(vocabulary.TokenBytes[id])).Append(' ').Append(id).Append('\n');
        return text.ToString();
    }

    /// <summary>Loads a ranks file as ordinary-text BPE; EOS is the id after the last line.</summary>
    public static TextTokenizer Load(string path, string pattern, string? name = null)
    {
        byte[] content = File.ReadAllBytes(path);
        int lines = 0;
        foreach (byte b in content) if (b == (byte)'\n') lines++;
        return new TextTokenizer(name ?? Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(content)),
            PreTokenizer.FromPattern(pattern), Parse(content), vocabSize: lines + 1, eosId: lines);
    }

    /// <summary>Parses <c>base64 rank</c> lines, or the Microsoft.ML.Tokenizers.Data form (a <c>Capacity: N</c>
    /// header, then one base64 token per line whose rank is its line index).</summary>
    public static BpeRanks Parse(byte[] file)
    {
        var ranks = new List<(byte[], int)>();
        int implicitRank = 0;
        foreach (var raw in Encoding.ASCII.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            int space = line.IndexOf(' ');
            try
            {
                int rank = space < 0 ? implicitRank : int.Parse(line.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture);
                ranks.Add((Convert.FromBase64String(space < 0 ? line : line[..space]), rank));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"ranks line {implicitRank + 1} ('{line}') is not 'base64 [rank]'", e);
            }
            implicitRank++;
        }
        return BpeRanks.FromTiktoken(ranks);
    }
}
