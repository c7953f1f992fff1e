using DataPipe.Core.Pii;
using DataPipe.Core.Reporting;
using DataPipe.Core.Tests.Filters;

namespace DataPipe.Core.Tests.Pii;

public sealed class PiiStageTests
{
    private const string Text =
        "Mail bob@corp.io or call 415-555-0199.\nCard 4111-1111-1111-1111, host 8.8.8.8.\nSSN 219-09-9999 and IBAN GB82WEST12345698765432.\n";

    [Fact]
    public void ReplacesWithTypedPlaceholdersAndCountsPerType()
    {
        var counters = new Counters();
        var (reason, text) = StageBuilder.Run(StageBuilder.Build("pii"), Text, counters);
        Assert.Null(reason);
        Assert.Equal("Mail <EMAIL> or call <PHONE>.\nCard <CARD>, host <IP>.\nSSN <SSN> and IBAN <IBAN>.\n", text);
        foreach (var key in new[] { "email", "phone", "card", "ip", "ssn", "iban" }) Assert.Equal(1, counters.Get("spans." + key));
        Assert.Equal(1, counters.Get("documents_changed"));
    }

    [Fact]
    public void TypesCanBeSwitchedOffAndPlaceholdersChanged()
    {
        var stage = StageBuilder.Build("pii", "disabled: [phone, ip]\nplaceholders:\n  email: '|||EMAIL_ADDRESS|||'");
        var (_, text) = StageBuilder.Run(stage, Text);
        Assert.StartsWith("Mail |||EMAIL_ADDRESS||| or call 415-555-0199.\nCard <CARD>, host 8.8.8.8.", text);
    }

    [Fact]
    public void UnchangedDocumentIsPassedThrough()
    {
        var counters = new Counters();
        var (_, text) = StageBuilder.Run(StageBuilder.Build("pii"), "Nothing personal here, version 1.2.3.4.", counters);
        Assert.Equal("Nothing personal here, version 1.2.3.4.", text);
        Assert.Equal(0, counters.Get("documents_changed"));
    }

    [Fact]
    public void PlaceholderWithLineBreakIsAConfigError()
    {
        var e = Assert.Throws<DataPipe.Core.Config.ConfigException>(() => StageBuilder.Build("pii", "placeholders:\n  card: \"a\\nb\""));
        Assert.Equal("stages[0].placeholders.card", e.Key);
    }

    private static readonly string[] Pathological =
    [
        string.Concat(Enumerable.Repeat("a.", 200_000)) + "@",
        string.Concat(Enumerable.Repeat("1 ", 200_000)),
        string.Concat(Enumerable.Repeat("1-", 200_000)),
        string.Concat(Enumerable.Repeat("+1 (", 100_000)),
        "-----BEGIN RSA PRIVATE KEY-----" + new string('A', 400_000),
        string.Concat(Enumerable.Repeat("k=", 200_000)) + new string('x', 100),
        string.Concat(Enumerable.Repeat("DE89 ", 100_000)),
        string.Concat(Enumerable.Repeat("eyJabcdefgh.", 100_000)),
        new string(':', 400_000),
        string.Concat(Enumerable.Repeat("a@b.", 100_000)),
        string.Concat(Enumerable.Repeat("4111 ", 100_000)),
        string.Concat(Enumerable.Repeat("8.8.", 100_000)),
    ];

    public static TheoryData<int> PathologicalCases() => [.. Enumerable.Range(0, Pathological.Length)];

    /// <summary>Inputs built to make backtracking or rescanning explode; each must finish (the timeout only guards
    /// against a hang) and keep its line count.</summary>
    [Theory(Timeout = 60_000)]
    [MemberData(nameof(PathologicalCases))]
    public async Task PathologicalInputFinishesAndStaysIntact(int index)
    {
        var scrubber = new PiiScrubber(new PiiOptions());
        string input = Pathological[index];
        string scrubbed = await Task.Run(() => scrubber.Scrub(input));
        Assert.Equal(input.Count(c => c == '\n'), scrubbed.Count(c => c == '\n'));
        Assert.True(scrubbed.Length <= input.Length + 16);
    }
}
