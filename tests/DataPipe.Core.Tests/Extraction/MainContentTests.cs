using DataPipe.Core.Formats.Html;

namespace DataPipe.Core.Tests.Extraction;

/// <summary>One rule of main-content extraction per case: an article next to one kind of boilerplate.</summary>
public sealed class MainContentTests
{
    private readonly HtmlTextExtractor _extractor = new();
    // The hand rules alone: the cases of a rule whose verdict the learned classifier may revise (a lead outside the
    // container, a line kept by its neighbours) test the rule, which is still the classifier's main input.
    private readonly HtmlTextExtractor _rules = new(null, learned: false);

    // Three paragraphs of ordinary prose, written for these tests.
    private const string P1 = "The river near our village has been flooding every spring for as long as anyone can remember, and this year the water rose higher than it did in the old stories.";
    private const string P2 = "When the council met on Tuesday evening, most of the people who came to the hall wanted to know whether the new wall would be built before the next winter.";
    private const string P3 = "The engineer said that the work could start in March if the money from the region arrives in time, but she was careful not to promise anything about the date.";

    private static string Page(string before, string after, string inside = "") => $"""
        <html><head><title>  Flood  wall
        news </title></head><body>{before}
        <div class="container"><h1>A wall against the river</h1>
        <p>{P1}</p><p>{P2}</p>{inside}<p>{P3}</p></div>{after}</body></html>
        """;

    private string Main(string html) => MainOf(html, _extractor);

    private static string MainOf(string html, HtmlTextExtractor extractor)
    {
        string text = extractor.Extract(html);
        Assert.Contains(P1, text);
        Assert.Contains(P2, text);
        Assert.Contains(P3, text);
        return text;
    }

    [Fact]
    public void A_short_call_to_action_inside_the_article_is_dropped_and_prose_that_names_the_same_words_is_kept()
    {
        const string call = "Follow us on Twitter and subscribe to our newsletter for the latest news from the valley.";
        const string prose = "Several residents said they first learned about the meeting on Facebook and from the newsletter of the local farmers, " +
            "and a few of them complained that the council had not printed notices for the older people who do not use the internet at all.";
        string text = Main(Page("", "", inside: $"<p>{call}</p><p>{prose}</p>"));
        Assert.DoesNotContain("Follow us", text);
        Assert.Contains(prose, text);
    }

    [Fact]
    public void A_div_named_footer_is_dropped()
    {
        string text = Main(Page("", """<div class="site-footer">Copyright 2026 Village Times, all rights reserved. Imprint and contact details of the editors are on the contact page of this site.</div>"""));
        Assert.DoesNotContain("Copyright", text);
    }

    [Fact]
    public void A_list_of_links_is_dropped()
    {
        string text = Main(Page("""<div><ul><li><a href="/a">Politics</a></li><li><a href="/b">Sport and leisure</a></li><li><a href="/c">Weather for the region</a></li><li><a href="/d">Local business news</a></li></ul></div>""", ""));
        Assert.DoesNotContain("Politics", text);
        Assert.DoesNotContain("Weather for the region", text);
    }

    [Fact]
    public void A_cookie_banner_is_dropped()
    {
        string text = Main(Page("""<div id="cookie-notice"><p>We use cookies to make this site work and to measure how it is used, and you can decide which of them you accept in the settings.</p></div>""", ""));
        Assert.DoesNotContain("We use cookies", text);
    }

    [Fact]
    public void A_comment_section_is_dropped_even_when_it_reads_like_prose()
    {
        string text = Main(Page("", """
            <section class="comments-area"><h3>2 Comments</h3>
            <div class="comment"><p>I have lived by this river for forty years and I think that the wall is a good idea, but it should have been built a long time ago by the people in charge.</p></div>
            <div class="comment"><p>Thank you for this article, it is the first time that somebody has explained what the council is planning and why it takes so long.</p></div></section>
            """));
        Assert.DoesNotContain("forty years", text);
        Assert.DoesNotContain("2 Comments", text);
    }

    [Fact]
    public void A_table_in_the_article_is_kept_as_text()
    {
        string text = Main(Page("", "", """<table><tr><th>Year</th><th>Water level</th></tr><tr><td>2024</td><td>4.10 m</td></tr><tr><td>2025</td><td>4.85 m</td></tr></table>"""));
        Assert.Contains("Water level", text);
        Assert.Contains("4.85 m", text);
    }

    [Theory]
    [InlineData("acronym")]
    [InlineData("data")]
    [InlineData("ruby")]
    [InlineData("abbr")]
    public void A_phrasing_element_stays_in_its_sentence(string tag)
    {
        // As libffi's texinfo manual writes it (/usr/share/doc/libffi8/html/Introduction.html): <acronym>FFI</acronym> stands for …
        string text = Main(Page("", "", $"<p><{tag}>FFI</{tag}> stands for Foreign Function Interface, the layer that lets code written in one language call code written in another.</p>"));
        Assert.Contains("FFI stands for Foreign Function Interface", text);
    }

    [Fact]
    public void Preformatted_code_keeps_its_line_breaks()
    {
        string text = Main(Page("", "", "<pre>level = read_gauge()\nif level &gt; 4.5:\n    warn(level)</pre>"));
        Assert.Contains("level = read_gauge()\nif level > 4.5:\n    warn(level)", text);
    }

    [Fact]
    public void Scripts_styles_forms_and_hidden_elements_are_dropped()
    {
        string text = Main(Page("<script>var tracking = 1;</script><style>.x{color:red}</style>",
            """<div style="display: none">A hidden paragraph that a browser never shows to the reader, however long it grows and whatever it says.</div><form><input value="Your email"><button>Subscribe to our letter</button></form>"""));
        Assert.DoesNotContain("tracking", text);
        Assert.DoesNotContain("color:red", text);
        Assert.DoesNotContain("hidden paragraph", text);
        Assert.DoesNotContain("Subscribe", text);
    }

    [Fact]
    public void The_title_is_kept_apart_from_the_text()
    {
        string text = Main(Page("", ""));
        Assert.Equal("Flood wall news", _extractor.Title);
        Assert.DoesNotContain("Flood wall news", text);
    }

    [Fact]
    public void All_mode_keeps_what_main_mode_drops()
    {
        string html = Page("""<div class="sidebar"><p>Other stories this week: the market, the school, the bridge.</p></div>""", "");
        Assert.DoesNotContain("Other stories", Main(html));
        Assert.Contains("Other stories", new HtmlTextExtractor(new HtmlExtractionOptions { Mode = ExtractionMode.All }).Extract(html));
    }

    [Fact]
    public void A_stub_page_without_prose_keeps_its_text()
    {
        Assert.Equal("Closed today.", _extractor.Extract("<html><body><nav><a href='/'>Home</a></nav><p>Closed today.</p></body></html>"));
    }

    [Fact]
    public void A_caption_the_json_ld_article_body_leaves_out_is_dropped()
    {
        const string caption = "The old stone bridge near the mill, seen from the east bank in April.";
        string ld = $$"""<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","articleBody":"{{P1}}\n{{P2}}\n{{P3}}"}</script>""";
        string html = Page(ld, "", $"<div>{caption}</div>");
        Assert.Contains(caption, Main(html.Replace(ld, "")));
        Assert.DoesNotContain(caption, Main(html));
    }

    [Fact]
    public void Text_the_json_ld_article_body_holds_is_kept_outside_the_main_container()
    {
        // A lead in a box of its own, beside the column with the rest of the body.
        const string lead = "Nobody in the village expected the council to agree so quickly.";
        string ld = $$"""<script type="application/ld+json">{"@type":"Article","articleBody":"{{lead}} {{P1}} {{P2}} {{P3}}"}</script>""";
        string html = Page($"""{ld}<div class="teaser"><span>{lead}</span></div>""", "");
        Assert.DoesNotContain(lead, MainOf(html.Replace(ld, ""), _rules));
        Assert.Contains(lead, MainOf(html, _rules));
        Assert.Contains(lead, Main(html));
    }

    [Fact]
    public void Probable_prose_just_outside_the_container_that_runs_on_from_the_text_is_kept()
    {
        // A lead in its own box above the column: prose, but too short to be kept outside the container on its own.
        const string lead = "After three wet springs in a row, the people of the valley have had enough of the water in their cellars.";
        string html = Page($"""<div class="intro"><p>{lead}</p></div>""", """<div class="links"><p>Weather for the region, sport and leisure.</p></div>""", $"<p>{P2} {P3}</p>");
        Assert.Contains(lead, MainOf(html, _rules));
        Assert.DoesNotContain(lead, new HtmlTextExtractor(new HtmlExtractionOptions { Favor = ExtractionFavor.Precision }, learned: false).Extract(html));
    }

    [Fact]
    public void A_short_caption_between_paragraphs_is_not_kept_by_its_neighbours()
    {
        const string note = "A line between the paragraphs.";
        string html = Page("", "", $"<figure><figcaption>Photo: Village Times / J. Miller</figcaption></figure><div>{note}</div>");
        string text = MainOf(html, _rules);
        Assert.DoesNotContain("Photo:", text);
        Assert.Contains(note, text);
        Assert.DoesNotContain("Photo:", Main(html));
    }

    [Fact]
    public void A_forum_thread_whose_posts_are_named_like_comments_is_kept()
    {
        string html = $"""
            <html><body><div class="menu"><a href="/">Forum</a> <a href="/new">New posts</a></div>
            <h1>When will the wall be built?</h1>
            <div class="thread"><div class="reply"><p>{P1}</p></div><div class="reply"><p>{P2}</p></div><div class="reply"><p>{P3}</p></div></div>
            </body></html>
            """;
        string text = Main(html);
        Assert.DoesNotContain("New posts", text);
    }
}
