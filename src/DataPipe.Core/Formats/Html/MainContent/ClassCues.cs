using System.Buffers;

namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>What an element's <c>class</c> and <c>id</c> say about its content.</summary>
public enum Cue : byte
{
    None,
    /// <summary>Named like page furniture (sidebar, menu, share…): dropped unless it turns out to hold the main text.</summary>
    Boilerplate,
    /// <summary>Named like a comment section: dropped even when long, unless it holds marked content.</summary>
    Comments,
    Content,
}

/// <summary>
/// Reads boilerplate and content hints from <c>class</c>/<c>id</c> words, the way site templates name their parts
/// (<c>comments</c>, <c>sidebar</c>, <c>related-posts</c>, <c>cookie-banner</c>… against <c>article-body</c>,
/// <c>entry-content</c>…). Substrings, case-insensitive, one multi-string search per attribute.
/// </summary>
public static class ClassCues
{
    // Parts of a page that are never its main text, whatever they hold.
    private static readonly SearchValues<string> Boilerplate = SearchValues.Create(
    [
        "sidebar", "side-bar", "related", "recommend",
        "share", "sharing", "social", "follow", "cookie", "consent", "gdpr", "privacy", "banner", "breadcrumb",
        "crumb", "navbar", "navigation", "nav-", "-nav", "menu", "footer", "copyright", "newsletter", "subscri",
        "signup", "sign-up", "login", "promo", "sponsor", "advert", "adsbygoogle", "ad-slot", "ad-container", "popup",
        "modal", "overlay", "pagination", "pager", "paging", "tagcloud", "tag-cloud", "tags", "taglist", "keywords",
        "byline", "author", "meta", "dateline", "timestamp", "rating", "vote", "trending", "popular", "most-read", "mostread",
        "toolbar", "print-", "skip", "masthead", "topbar", "top-bar", "sitemap", "donat",
        "paywall", "outbrain", "taboola", "infobox", "credit", "disclaimer", "read-more",
        "prevnext", "prev-next", "table-of-contents", "shopping", "cart", "search", "account",
    ], StringComparison.OrdinalIgnoreCase);

    // Names templates give the block that holds the article.
    private static readonly SearchValues<string> Content = SearchValues.Create(
    [
        "article-body", "articlebody", "article__body", "article-content", "article_content", "articlecontent",
        "article-text", "article__text", "articletext", "entry-content", "entry_content", "post-content", "post_content",
        "postcontent", "post-body", "postbody", "post-entry", "story-body", "storybody", "story-content", "storycontent",
        "main-content", "maincontent", "main_content", "page-content", "body-text", "bodytext", "text-content",
        "blog-content", "news-content", "content-body", "field-body", "rich-text", "richtext", "single-content",
    ], StringComparison.OrdinalIgnoreCase);

    // Comment sections: user text that reads like prose, so only the name gives it away.
    private static readonly SearchValues<string> Comments = SearchValues.Create(
        ["comment", "discuss", "disqus", "reply", "replies", "respond", "kommentar", "commento", "komentar"], StringComparison.OrdinalIgnoreCase);

    public static Cue Of(string? className, string? id)
    {
        if (Matches(className, Comments) || Matches(id, Comments)) return Cue.Comments;
        if (Matches(className, Content) || Matches(id, Content)) return Cue.Content;
        if (Matches(className, Boilerplate) || Matches(id, Boilerplate)) return Cue.Boilerplate;
        return Cue.None;
    }

    private static bool Matches(string? value, SearchValues<string> words) =>
        value is { Length: > 2 } && value.AsSpan().IndexOfAny(words) >= 0;
}
