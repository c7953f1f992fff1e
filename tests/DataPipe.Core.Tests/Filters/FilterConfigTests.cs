using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Tests.Filters;

public sealed class FilterConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ConfigException Load(string stageYaml)
    {
        string file = _dir.File("p.yaml");
        File.WriteAllText(file, "inputs:\n  - path: a.jsonl\nstages:\n" + stageYaml);
        return Assert.Throws<ConfigException>(() => new PipelineLoader(StageCatalog.CreateDefault()).Load(file));
    }

    [Fact]
    public void OutOfRangeThresholdNamesFileKeyAndLine()
    {
        var e = Load("  - type: gopher_quality\n    min_doc_words: 10\n    max_bullet_lines_ratio: 1.5\n");
        Assert.Equal("stages[0].max_bullet_lines_ratio", e.Key);
        Assert.Equal(6, e.Line);
        Assert.EndsWith("p.yaml", e.File);
        Assert.Contains("must be between 0 and 1, got 1.5", e.Message);
    }

    [Fact]
    public void UnknownThresholdKeyIsRejected()
    {
        var e = Load("  - type: fineweb\n    line_punct_thres: 0.2\n");
        Assert.Equal("stages[0].line_punct_thres", e.Key);
        Assert.Equal(5, e.Line);
        Assert.Contains("unknown key", e.Message);
    }

    [Fact]
    public void UnknownRuleIsRejected()
    {
        var e = Load("  - type: gopher_repetition\n    disabled_rules: [top_2_gram, top_5_gram]\n");
        Assert.Equal("stages[0].disabled_rules", e.Key);
        Assert.Equal(5, e.Line);
        Assert.Contains("unknown rule 'top_5_gram'", e.Message);
    }

    [Fact]
    public void MissingBlocklistFileIsAConfigError()
    {
        var e = Load("  - type: url_blocklist\n    file: does-not-exist.txt\n");
        Assert.Equal("stages[0].file", e.Key);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void InvertedLengthBoundsAreAConfigError()
    {
        var e = Load("  - type: length\n    min_chars: 10\n    max_chars: 5\n");
        Assert.Equal("stages[0].min_chars", e.Key);
    }

    [Fact]
    public void UnknownPiiTypeAndPlaceholderKeyAreRejected()
    {
        var e = Load("  - type: pii\n    disabled: [phone, passport]\n");
        Assert.Contains("unknown PII type 'passport'", e.Message);
        e = Load("  - type: pii\n    placeholders:\n      emial: '[E]'\n");
        Assert.Equal("stages[0].placeholders.emial", e.Key);
        Assert.Equal(6, e.Line);
    }
}
