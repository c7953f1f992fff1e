using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Files;

/// <summary>Turns the <c>tokenizer:</c> option into a tokenizer: a pretrained encoding name, a <c>tokenizer.json</c>,
/// or a tiktoken ranks file (any other path; cut by the GPT-2 pattern unless told otherwise).</summary>
public static class TokenizerResolver
{
    public static TextTokenizer Resolve(string spec, string baseDirectory, string ranksPattern = "gpt2")
    {
        if (PretrainedEncodings.IsKnown(spec)) return PretrainedEncodings.Load(spec);
        string path = Path.GetFullPath(spec, baseDirectory);
        if (Directory.Exists(path)) path = Path.Combine(path, TokenizerJsonFile.FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"tokenizer '{spec}' is neither an encoding ({string.Join(", ", PretrainedEncodings.Names)}) nor an existing file", path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? TokenizerJsonFile.Load(path)
            : TiktokenFile.Load(path, PreTokenizerPatterns.For(ranksPattern, splitDigits: false));
    }
}
