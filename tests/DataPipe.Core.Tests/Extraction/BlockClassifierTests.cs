using AngleSharp.Html.Parser;
using DataPipe.Core.Formats.Html;
using DataPipe.Core.Formats.Html.MainContent;

namespace DataPipe.Core.Tests.Extraction;

/// <summary>The learned block classifier of main-content extraction: its evaluation, its verdicts on clear cases, its cost.</summary>
public sealed class BlockClassifierTests
{
    private const string Paragraph = "The river near our village has been flooding every spring for as long as anyone can remember, and this year "
        + "the water rose higher than it did in the old stories, so the council has finally decided that a wall will be built along the bank.";

    private static readonly string Html = $"""
        <html><body><div class="top"><ul><li><a href="/a">Politics</a></li><li><a href="/b">Sport and leisure</a></li>
        <li><a href="/c">Weather for the region</a></li></ul></div>
        <div class="story"><h1>A wall against the river</h1><p>{Paragraph}</p><p>{Paragraph}</p><p>{Paragraph}</p></div>
        <div class="bottom"><p><a href="/x">Imprint</a> | <a href="/y">Contact</a> | <a href="/z">Jobs at the paper</a></p></div></body></html>
        """;

    [Fact]
    public void The_weights_match_the_features()
    {
        Assert.Equal(BlockFeatures.Count, BlockClassifier.Weights.Length);
    }

    [Fact]
    public void The_logit_equals_a_plain_double_precision_sum_of_the_same_weights()
    {
        var random = new Random(16);
        var x = new float[BlockFeatures.Count];
        for (int trial = 0; trial < 1000; trial++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = random.Next(3) == 0 ? 0 : (float)random.NextDouble();
            double reference = 0;
            for (int i = 0; i < x.Length; i++) reference += (double)BlockClassifier.Weights[i] * x[i];
            Assert.Equal(reference, BlockClassifier.Logit(x), 1e-4);
        }
    }

    [Fact]
    public void A_clearly_main_paragraph_scores_main_and_a_link_list_boilerplate()
    {
        var (extractor, _) = Extracted(learned: true);
        var blocks = extractor.Blocks;
        var page = BlockFeatures.Page.Of(extractor.Nodes, blocks, extractor.Main);
        var x = new float[BlockFeatures.Count];
        float threshold = BlockClassifier.Threshold(ExtractionFavor.Balanced);
        int paragraphs = 0, links = 0;
        for (int i = 0; i < blocks.Length; i++)
        {
            string text = extractor.Text.Slice(blocks[i].Start, blocks[i].Length).ToString();
            BlockFeatures.Fill(extractor.Nodes, blocks, extractor.Text, page, i, x);
            float logit = BlockClassifier.Logit(x);
            if (text == Paragraph) { paragraphs++; Assert.True(logit > threshold, $"paragraph logit {logit}"); }
            if (text is "Politics" or "Weather for the region" || text.StartsWith("Imprint", StringComparison.Ordinal))
            {
                links++;
                Assert.True(logit < threshold, $"'{text}' logit {logit}");
            }
        }
        Assert.Equal(3, paragraphs);
        Assert.Equal(3, links);
    }

    [Fact]
    public void Favor_moves_the_threshold_the_right_way()
    {
        Assert.True(BlockClassifier.Threshold(ExtractionFavor.Precision) > BlockClassifier.Threshold(ExtractionFavor.Balanced));
        Assert.True(BlockClassifier.Threshold(ExtractionFavor.Recall) < BlockClassifier.Threshold(ExtractionFavor.Balanced));
    }

    [Fact]
    public void The_classifier_pass_allocates_nothing()
    {
        // Same page, rules alone and rules plus classifier: after a warm-up, the two allocate the same bytes.
        var (learned, learnedBody) = Extracted(learned: true);
        var (rules, rulesBody) = Extracted(learned: false);
        long With() { long a = GC.GetAllocatedBytesForCurrentThread(); learned.Extract(learnedBody); return GC.GetAllocatedBytesForCurrentThread() - a; }
        long Without() { long a = GC.GetAllocatedBytesForCurrentThread(); rules.Extract(rulesBody); return GC.GetAllocatedBytesForCurrentThread() - a; }
        With();
        Without();
        Assert.Equal(rules.Extract(rulesBody), learned.Extract(learnedBody));
        Assert.Equal(Without(), With());
    }

    private static (MainContentExtractor Extractor, AngleSharp.Dom.IElement Body) Extracted(bool learned)
    {
        var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(Html);
        var extractor = new MainContentExtractor(ExtractionFavor.Balanced, learned);
        extractor.Extract(document.Body!);
        return (extractor, document.Body!);
    }
}
