using System.CommandLine;
using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.Tokenization;
using DataPipe.Core.Tokenization.Files;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe inspect shard.arrow | manifest.json [--decode K]</c>: schema, counts and the first documents.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("file") { Description = "A token shard (.arrow) or tokens/manifest.json" };
        var decode = new Option<int>("--decode") { Description = "Decode the first K documents", DefaultValueFactory = _ => 3 };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer to decode with, when the shard's is a file that has moved" };
        var command = new Command("inspect", "Print a token shard's schema and counts and decode its first documents") { target, decode, tokenizer };
        command.SetAction(result =>
        {
            string path = result.GetValue(target)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"error: {path} does not exist");
                return ExitCodes.ConfigError;
            }
            try
            {
                if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) PrintManifest(path);
                else PrintShard(path, result.GetValue(decode), result.GetValue(tokenizer));
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"error: {path}: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static void PrintManifest(string path)
    {
        var manifest = TokenManifest.Read(path);
        Console.WriteLine($"tokenizer {manifest.Tokenizer}{(manifest.TokenizerPath is { } p ? $" at {p}" : "")} (sha256 {manifest.TokenizerSha256}), vocab {manifest.VocabSize}, eos {manifest.EosId}");
        Console.WriteLine($"{manifest.Shards.Count} shards, {manifest.Rows} documents, {manifest.Tokens} tokens");
        foreach (var shard in manifest.Shards)
            Console.WriteLine($"  {shard.File}  rows {shard.Rows}  tokens {shard.Tokens}  bytes {shard.Bytes}  sha256 {shard.Sha256}");
    }

    private static void PrintShard(string path, int decode, string? tokenizerSpec)
    {
        using var reader = new TokenShardReader(path);
        Console.WriteLine("schema:");
        foreach (var field in reader.Schema.FieldsList)
            Console.WriteLine($"  {field.Name}: {Describe(field.DataType)}");
        foreach (var (key, value) in reader.Schema.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            Console.WriteLine($"  {key} = {value}");
        int batches = reader.BatchCount;
        var rows = reader.Rows().ToList();
        Console.WriteLine($"{rows.Count} documents, {rows.Sum(r => (long)r.Tokens.Length)} tokens, {batches} record batches");
        if (decode <= 0 || rows.Count == 0) return;
        var tokenizer = LoadTokenizer(reader.Info, tokenizerSpec, path);
        if (tokenizer is null)
        {
            Console.WriteLine($"(cannot decode: tokenizer '{reader.Info.Tokenizer}' is neither an encoding name nor found in the build; pass --tokenizer)");
            return;
        }
        foreach (var row in rows.Take(decode))
        {
            string text = tokenizer.Decode(row.Tokens);
            Console.WriteLine($"--- {row.Id} ({row.Tokens.Length} tokens)");
            Console.WriteLine(text.Length > 600 ? text[..600] + "…" : text);
        }
    }

    private static TextTokenizer? LoadTokenizer(TokenShardInfo info, string? spec, string shardPath)
    {
        if (spec is not null) return TokenizerResolver.Resolve(spec, Directory.GetCurrentDirectory());
        if (PretrainedEncodings.IsKnown(info.Tokenizer)) return PretrainedEncodings.Load(info.Tokenizer);
        // The manifest beside the shard says where the build keeps its tokenizer (relative to the build folder).
        string tokens = Path.GetDirectoryName(Path.GetFullPath(shardPath))!;
        string manifestPath = Path.Combine(tokens, TokenManifest.FileName);
        string relative = File.Exists(manifestPath) && TokenManifest.Read(manifestPath).TokenizerPath is { } recorded
            ? recorded
            : info.Tokenizer; // builds before the manifest recorded a path: the trained tokenizer's name is its path
        string file = Path.GetFullPath(Path.Combine(tokens, "..", relative));
        if (!File.Exists(file)) return null;
        var tokenizer = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? TokenizerJsonFile.Load(file, info.Tokenizer)
            : TiktokenFile.Load(file, PreTokenizerPatterns.For("gpt2", splitDigits: false), info.Tokenizer);
        if (tokenizer.Sha256 == info.TokenizerSha256) return tokenizer;
        Console.WriteLine($"(tokenizer {file} has sha256 {tokenizer.Sha256}, but the shard was written with {info.TokenizerSha256})");
        return null;
    }

    private static string Describe(Apache.Arrow.Types.IArrowType type) =>
        type is Apache.Arrow.Types.ListType list ? $"list<{Describe(list.ValueDataType)}>" : type.Name;
}
