using DataPipe.Core.Filters;
using DataPipe.Core.Reporting;
using static DataPipe.Core.Tests.Filters.StageBuilder;

namespace DataPipe.Core.Tests.Filters;

public sealed class C4FilterTests
{
    private const string Good = "The river runs past the old mill.";

    private static string GoodLines(int n) => string.Join('\n', Enumerable.Range(0, n).Select(_ => Good));

    private static (string? Reason, string? Text, Counters Counters) Run(string text, string yaml = "{}")
    {
        var counters = new Counters();
        var (reason, kept) = StageBuilder.Run(Build("c4", yaml), text, counters);
        return (reason, kept, counters);
    }

    [Fact]
    public void SentenceCountEdge()
    {
        Assert.Null(Run(GoodLines(5)).Reason);
        Assert.Equal(C4Filter.TooFewSentences, Run(GoodLines(4)).Reason);
        // Two sentences on one line count twice.
        Assert.Null(Run(GoodLines(3) + "\nIt was cold. We left early.").Reason);
    }

    [Fact]
    public void LinesWithoutTerminalPunctuationAreRemoved()
    {
        var (reason, text, counters) = Run(GoodLines(5) + "\nMenu Home About\nSee more...\n\"Quoted words here.\"");
        Assert.Null(reason);
        Assert.Equal(GoodLines(5) + "\n\"Quoted words here.\"", text);
        Assert.Equal(2, counters.Get("lines_removed.no_terminal_punct"));
    }

    [Fact]
    public void MinimumWordsPerLineEdge()
    {
        var (_, text, counters) = Run(GoodLines(5) + "\nTwo words.\nThree short words.");
        Assert.Equal(GoodLines(5) + "\nThree short words.", text);
        Assert.Equal(1, counters.Get("lines_removed.too_few_words"));
    }

    [Fact]
    public void WordLengthEdge()
    {
        // The whitespace word includes its final period: 999 letters + "." = 1000 characters.
        string ok = "Here is " + new string('a', 999) + ".";
        string tooLong = "Here is " + new string('b', 1000) + ".";
        var (_, text, counters) = Run(GoodLines(5) + "\n" + ok + "\n" + tooLong);
        Assert.Equal(GoodLines(5) + "\n" + ok, text);
        Assert.Equal(1, counters.Get("lines_removed.too_long_word"));
    }

    [Fact]
    public void CitationsAreRemovedAfterWordsAreCounted()
    {
        var (_, text, _) = Run(GoodLines(5) + "\nAlpha beta.[1]\nThe war ended in 1945.[citation needed][edit]\nIt rained.[2] [3]");
        // "Alpha beta.[1]" has 2 words → removed. The last line becomes "It rained. " (the line is not stripped
        // again after citations go, as in the reference), so it fails the terminal-punctuation test.
        Assert.Equal(GoodLines(5) + "\nThe war ended in 1945.", text);
    }

    [Fact]
    public void JavascriptAndPolicyLinesAreRemoved()
    {
        var (reason, text, counters) = Run(GoodLines(5) + "\nPlease enable JavaScript to continue.\nRead our Privacy Policy for more.");
        Assert.Null(reason);
        Assert.Equal(GoodLines(5), text);
        Assert.Equal(1, counters.Get("lines_removed.javascript"));
        Assert.Equal(1, counters.Get("lines_removed.policy"));
    }

    [Fact]
    public void LoremIpsumAndCurlyBracketDropTheDocument()
    {
        Assert.Equal(C4Filter.LoremIpsum, Run(GoodLines(5) + "\nLorem ipsum dolor sit amet.").Reason);
        Assert.Equal(C4Filter.CurlyBracket, Run(GoodLines(5) + "\nfunction f() { return 1; }.").Reason);
    }

    [Fact]
    public void BracketOnALineAlreadyRemovedDoesNotDropTheDocument()
    {
        Assert.Null(Run(GoodLines(5) + "\nvar x = { a: 1 }").Reason);      // no terminal punctuation: line removed first
        Assert.Null(Run(GoodLines(5) + "\nlorem ipsum.").Reason);          // two words: line removed first
    }

    [Fact]
    public void RulesCanBeSwitchedOff()
    {
        var (reason, text, _) = Run(GoodLines(5) + "\nNo punctuation at the end", "disabled_rules: [no_terminal_punct]");
        Assert.Null(reason);
        Assert.EndsWith("No punctuation at the end", text);
    }
}
