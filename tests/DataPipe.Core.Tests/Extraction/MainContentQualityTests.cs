using System.Text.RegularExpressions;
using DataPipe.Core.Formats.Html;

namespace DataPipe.Core.Tests.Extraction;

/// <summary>
/// The F1 floor of main-content extraction on small pages written for this test (shaped like a news site, a blog
/// with comments, a shop-like page and a documentation page), scored as trafilatura's evaluation scores: segments to
/// keep and segments to drop, matched after whitespace collapses. Guards against regressions without the
/// development set of docs/readers.md.
/// </summary>
public sealed partial class MainContentQualityTests
{
    private sealed record Case(string Html, string[] Keep, string[] Drop);

    private static readonly Case[] Cases =
    [
        new("""
            <html><head><title>Harbour reopens</title></head><body>
            <header class="site-header"><a href="/">Coast Daily</a><nav><a href="/news">News</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a></nav></header>
            <div class="breadcrumb"><a href="/">Home</a> › <a href="/news">News</a></div>
            <main><article><h1>The old harbour opens again after two years of repairs</h1>
            <div class="byline">By Ana Ruiz, 3 May</div>
            <div class="article-body"><p>After two years behind fences, the old harbour opened again on Saturday morning, and hundreds of people walked along the new stone pier in the sun.</p>
            <p>The repairs cost more than the town had planned, because the divers found that the foundations of the pier were in a much worse state than the first survey had shown.</p>
            <p>Fishermen who had moved their boats to the next bay said they were glad to come back, although the fees for a berth have gone up by almost a third.</p></div>
            <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share by email</a></div></article>
            <aside class="related"><h3>Read more</h3><ul><li><a href="/a">Storm damages lighthouse</a></li><li><a href="/b">New ferry timetable announced</a></li></ul></aside></main>
            <footer><p>Coast Daily is published by Coast Media Ltd. All rights reserved.</p></footer></body></html>
            """,
            ["The old harbour opens again after two years of repairs", "hundreds of people walked along the new stone pier", "the divers found that the foundations", "gone up by almost a third"],
            ["Coast Daily is published", "Storm damages lighthouse", "Share on Facebook", "Home › News"]),
        new("""
            <html><head><title>Sourdough diary</title></head><body><div id="wrapper has-sidebar">
            <div id="content"><div class="post"><h2>Week three of the sourdough diary</h2>
            <div class="entry"><p>This week the starter finally behaved: it doubled in six hours, smelled of apples rather than glue, and the first loaf had holes I was not ashamed of.</p>
            <p>I changed two things. I fed it with rye instead of white flour, and I kept the jar on top of the fridge, where it is a few degrees warmer than on the shelf.</p>
            <ul><li>100 g rye flour</li><li>100 g water at 30 degrees</li><li>20 g of the old starter</li></ul>
            <p>Next week I want to try a longer cold rise in the fridge overnight, which everyone in the forum says makes the crust darker and the taste more sour.</p></div>
            <div class="postmeta">Filed under <a href="/c/bread">Bread</a>, <a href="/c/diary">Diary</a></div></div>
            <div id="comments"><h3>3 responses</h3><ol class="commentlist"><li><p>Rye made all the difference for me too, and I think you will love the cold rise once you try it next week.</p></li>
            <li><p>How warm is the top of your fridge exactly? Mine seems to be cold all the time in the winter months.</p></li></ol></div></div>
            <div id="sidebar"><h3>Archives</h3><ul><li><a href="/2026/04">April 2026</a></li><li><a href="/2026/03">March 2026</a></li></ul><p>About me: I bake on weekends.</p></div>
            </div></body></html>
            """,
            ["Week three of the sourdough diary", "it doubled in six hours", "100 g water at 30 degrees", "a longer cold rise in the fridge"],
            ["Rye made all the difference", "How warm is the top of your fridge", "April 2026", "About me: I bake on weekends"]),
        new("""
            <html><head><title>Oak garden bench</title></head><body>
            <div class="topbar"><a href="/login">Sign in</a> <a href="/cart">Basket (0)</a></div>
            <div class="cookie-consent"><p>We use cookies to improve your experience. By continuing you accept our use of cookies.</p><button>Accept</button></div>
            <div class="product"><h1>Oak garden bench, 150 cm</h1>
            <div class="description"><p>The bench is made from solid oak that was dried slowly for a year, so the wood does not crack when it stands outside through the wet months.</p>
            <p>It seats three adults comfortably and comes with stainless steel screws, which will not leave rust marks on the wood over the years.</p>
            <table><tr><td>Width</td><td>150 cm</td></tr><tr><td>Weight</td><td>31 kg</td></tr></table></div></div>
            <div class="newsletter"><p>Subscribe to our newsletter and get ten percent off your first order.</p></div>
            <div class="footer-links"><a href="/terms">Terms</a> <a href="/privacy">Privacy</a> <a href="/returns">Returns</a></div></body></html>
            """,
            ["Oak garden bench, 150 cm", "dried slowly for a year", "stainless steel screws", "31 kg"],
            ["We use cookies to improve", "Subscribe to our newsletter", "Basket (0)", "Returns"]),
        new("""
            <html><head><title>Config reference</title></head><body>
            <div class="sidebar-nav"><ul><li><a href="/start">Getting started</a></li><li><a href="/config">Configuration</a></li><li><a href="/faq">FAQ</a></li></ul></div>
            <div role="main"><h1>Configuration</h1>
            <p>Every option lives in one file, and the program reads it once when it starts, so a change only takes effect after a restart of the service.</p>
            <h2>Example</h2>
            <pre>workers: 4
            output: /data/out</pre>
            <p>The number of workers should not be higher than the number of cores, because the work is bound by the processor rather than by the disk.</p></div>
            <div class="pagination"><a href="/start">Previous: Getting started</a> <a href="/faq">Next: FAQ</a></div>
            <footer>Documentation licensed under CC BY 4.0</footer></body></html>
            """,
            ["Every option lives in one file", "workers: 4 output: /data/out", "should not be higher than the number of cores"],
            ["Previous: Getting started", "Documentation licensed", "FAQ"]),
    ];

    [Fact]
    public void F1_on_the_written_pages_stays_above_the_floor()
    {
        var extractor = new HtmlTextExtractor();
        int tp = 0, fp = 0, fn = 0;
        var wrong = new List<string>();
        foreach (var c in Cases)
        {
            string text = Normalize(extractor.Extract(c.Html));
            foreach (string keep in c.Keep) { if (text.Contains(Normalize(keep), StringComparison.Ordinal)) tp++; else { fn++; wrong.Add("missed: " + keep); } }
            foreach (string drop in c.Drop) if (text.Contains(Normalize(drop), StringComparison.Ordinal)) { fp++; wrong.Add("kept: " + drop); }
        }
        double precision = tp / (double)(tp + fp), recall = tp / (double)(tp + fn);
        double f1 = 2 * precision * recall / (precision + recall);
        Assert.True(f1 >= 0.9, $"F1 {f1:0.000} (precision {precision:0.000}, recall {recall:0.000}; tp {tp} fp {fp} fn {fn}): {string.Join("; ", wrong)}");
    }

    [Fact]
    public void All_mode_scores_below_main_mode_on_the_same_pages()
    {
        var all = new HtmlTextExtractor(new HtmlExtractionOptions { Mode = ExtractionMode.All });
        int kept = Cases.Sum(c => c.Drop.Count(d => Normalize(all.Extract(c.Html)).Contains(Normalize(d), StringComparison.Ordinal)));
        Assert.True(kept >= 5, $"all mode kept only {kept} boilerplate segments; the cases no longer tell the modes apart");
    }

    private static string Normalize(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
