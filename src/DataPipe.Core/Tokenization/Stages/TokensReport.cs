using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.Reporting;
using DataPipe.Core.Reporting.Model;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Tokenization.Stages;

/// <summary>The <c>tokens</c> section of report.json.</summary>
public static class TokensReport
{
    public static TokensSection Create(TokenManifest manifest, long textBytes, Log2Histogram tokensPerDocument)
    {
        // EOS is not text: bytes per token counts only the tokens the text became.
        long textTokens = manifest.Tokens - manifest.Rows;
        return new TokensSection
        {
            Tokenizer = manifest.Tokenizer,
            TokenizerSha256 = manifest.TokenizerSha256,
            VocabSize = manifest.VocabSize,
            Documents = manifest.Rows,
            Tokens = manifest.Tokens,
            Shards = manifest.Shards.Count,
            ShardBytes = manifest.Shards.Sum(s => s.Bytes),
            TextBytes = textBytes,
            BytesPerToken = textTokens > 0 ? Math.Round((double)textBytes / textTokens, 4) : 0,
            TokensPerDocument = HistogramRow.Of(tokensPerDocument),
        };
    }

    public static void LogTokens(this ILogger logger, TokenManifest manifest) =>
        logger.LogInformation("tokens: {Tokens} tokens in {Rows} documents, {Shards} shards ({Tokenizer})",
            manifest.Tokens, manifest.Rows, manifest.Shards.Count, manifest.Tokenizer);
}
