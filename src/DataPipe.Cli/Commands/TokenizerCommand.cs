using System.CommandLine;
using System.Diagnostics;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;
using DataPipe.Core.Tokenization.Learning;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe tokenizer train --input … --vocab-size N --out DIR</c>: byte-level BPE from text files.</summary>
public static class TokenizerCommand
{
    public static Command Create()
    {
        var input = new Option<string[]>("--input", "-i") { Description = "Text inputs: files, folders or globs (JSONL/WET by extension, else one document per line)", Required = true, AllowMultipleArgumentsPerToken = true };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Vocabulary size including 256 byte tokens and special tokens", DefaultValueFactory = _ => 32_000 };
        var output = new Option<string>("--out", "-o") { Description = "Folder for tokenizer.json and tokenizer.tiktoken", Required = true };
        var minFrequency = new Option<long>("--min-frequency") { Description = "Stop when the best pair occurs fewer times", DefaultValueFactory = _ => 2 };
        var pattern = new Option<string>("--pattern") { Description = "Pre-tokenizer pattern", DefaultValueFactory = _ => "gpt2" };
        pattern.AcceptOnlyFromAmong("gpt2", "cl100k");
        var splitDigits = new Option<bool>("--split-digits") { Description = "Every digit is its own pre-token (numbers never merge)" };
        var byteBudget = new Option<long>("--byte-budget") { Description = "Train on at most this many bytes of text (0 = all)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads for word counting", DefaultValueFactory = _ => Environment.ProcessorCount };
        var train = new Command("train", "Train a byte-level BPE tokenizer")
        {
            input, vocabSize, output, minFrequency, pattern, splitDigits, byteBudget, threads,
        };
        train.SetAction(result =>
        {
            BpeTrainerOptions options;
            LearningCorpus corpus;
            try
            {
                options = new BpeTrainerOptions
                {
                    VocabSize = result.GetValue(vocabSize), MinFrequency = result.GetValue(minFrequency),
                    Pattern = result.GetValue(pattern)!, SplitDigits = result.GetValue(splitDigits),
                    ByteBudget = result.GetValue(byteBudget), Threads = result.GetValue(threads),
                };
                options.Validate();
                corpus = LearningCorpus.FromPatterns(result.GetValue(input)!);
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ConfigError;
            }
            var clock = Stopwatch.StartNew();
            var trainer = new BpeTrainer(options);
            var vocabulary = trainer.Train(corpus.Texts());
            string outDir = Path.GetFullPath(result.GetValue(output)!);
            TokenizerJsonFile.Write(vocabulary, Path.Combine(outDir, TokenizerJsonFile.FileName));
            TiktokenFile.Write(vocabulary, Path.Combine(outDir, TiktokenFile.FileName));
            var stats = trainer.LastRun!;
            Console.WriteLine($"trained {vocabulary.VocabSize} tokens ({stats.Merges} merges) on {stats.Documents} documents, " +
                $"{stats.Bytes / 1e6:F1} MB, {stats.DistinctWords} distinct pre-tokens in {clock.Elapsed.TotalSeconds:F1} s");
            if (corpus.Quarantined > 0) Console.WriteLine($"{corpus.Quarantined} unreadable records skipped");
            Console.WriteLine($"wrote {Path.Combine(outDir, TokenizerJsonFile.FileName)} and {Path.Combine(outDir, TiktokenFile.FileName)}");
            return ExitCodes.Success;
        });
        return new Command("tokenizer", "Tokenizer tools") { train };
    }
}
