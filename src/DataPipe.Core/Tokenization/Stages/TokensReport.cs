using System.Text.Json.Nodes;
using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.Reporting;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Tokenization.Stages;

/// <summary>The <c>tokens</c> section of report.json.</summary>
public static class TokensReport
{
    public static JsonObject Create(TokenManifest manifest, long textBytes, Log2Histogram tokensPerDocument)
    {
        var histogram = new JsonArray();
        foreach (var (low, high, count) in tokensPerDocument.Rows())
            histogram.Add(new JsonObject { ["low"] = low, ["high"] = high, ["count"] = count });
        // EOS is not text: bytes per token counts only the tokens the text became.
        long textTokens = manifest.Tokens - manifest.Rows;
        return new JsonObject
        {
            ["tokenizer"] = manifest.Tokenizer,
            ["tokenizer_sha256"] = manifest.TokenizerSha256,
            ["vocab_size"] = manifest.VocabSize,
            ["documents"] = manifest.Rows,
            ["tokens"] = manifest.Tokens,
            ["shards"] = manifest.Shards.Count,
            ["shard_bytes"] = manifest.Shards.Sum(s => s.Bytes),
            ["text_bytes"] = textBytes,
            ["bytes_per_token"] = textTokens > 0 ? Math.Round((double)textBytes / textTokens, 4) : 0,
            ["tokens_per_document"] = histogram,
        };
    }

    public static void LogTokens(this ILogger logger, TokenManifest manifest) =>
        logger.LogInformation("tokens: {Tokens} tokens in {Rows} documents, {Shards} shards ({Tokenizer})",
            manifest.Tokens, manifest.Rows, manifest.Shards.Count, manifest.Tokenizer);
}
