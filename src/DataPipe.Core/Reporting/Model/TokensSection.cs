using System.Text.Json;

namespace DataPipe.Core.Reporting.Model;

/// <summary>The <c>tokens</c> section the tokenize stage adds to report.json.</summary>
public sealed record TokensSection
{
    public const string Name = "tokens";

    public string Tokenizer { get; set; } = "";
    public string TokenizerSha256 { get; set; } = "";
    public int VocabSize { get; set; }
    public long Documents { get; set; }
    public long Tokens { get; set; }
    public int Shards { get; set; }
    public long ShardBytes { get; set; }
    public long TextBytes { get; set; }

    /// <summary>UTF-8 bytes of text per token, EOS left out (it is not text).</summary>
    public double BytesPerToken { get; set; }

    public IReadOnlyList<HistogramRow> TokensPerDocument { get; set; } = [];

    /// <summary>The section of <paramref name="report"/>, or null for a build that did not tokenize.</summary>
    public static TokensSection? Of(BuildReport report) =>
        report.Sections?.TryGetValue(Name, out var section) == true ? section.Deserialize(ReportJsonContext.Default.TokensSection) : null;
}
