namespace DataPipe.Core.Generation;

/// <summary>The report's <c>generate.&lt;stage&gt;</c> section: what was asked of the server and what it cost.
/// Never the API key: only the name of its variable.</summary>
internal static class GenerateReport
{
    public static Dictionary<string, object> Section(GenerateStage stage, GenerateStats stats)
    {
        var o = stage.Options;
        var section = new Dictionary<string, object>
        {
            ["base_url"] = o.BaseUrl!,
            ["model"] = o.Model!,
            ["mode"] = o.Mode,
            ["endpoint"] = o.Endpoint,
            ["template"] = stage.Template.Name,
            ["template_sha256"] = stage.Template.Sha256,
            ["requests"] = stats.Requests,
            ["retries"] = stats.Retries,
            ["cache_hits"] = stats.CacheHits,
            ["rejected_by_server"] = stats.RejectedByServer,
            ["docs_generated"] = stats.DocsGenerated,
            ["prompt_tokens"] = stats.PromptTokens,
            ["completion_tokens"] = stats.CompletionTokens,
            ["cached_prompt_tokens"] = stats.CachedPromptTokens,
            ["cached_completion_tokens"] = stats.CachedCompletionTokens,
        };
        if (o.PricePerMillionTokens > 0)
        {
            section["price_per_million_tokens"] = o.PricePerMillionTokens;
            // Only tokens the server was asked for in this build cost money; cache hits were paid for before.
            section["cost"] = Math.Round((stats.PromptTokens + stats.CompletionTokens) / 1e6 * o.PricePerMillionTokens, 6);
        }
        return section;
    }
}
