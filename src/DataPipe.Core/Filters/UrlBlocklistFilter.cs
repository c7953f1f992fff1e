using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>
/// Drops documents whose URL is on a blocklist file (one entry per line, <c>#</c> comments). An entry with a scheme
/// or a path is a URL and matches that exact URL (scheme and host case-insensitive, fragment and trailing slash
/// ignored); any other entry is a domain and matches the host itself and every subdomain of it.
/// Documents without a URL are kept and counted as <c>no_url</c>.
/// </summary>
public sealed class UrlBlocklistFilter(string name, IReadOnlySet<string> domains, IReadOnlySet<string> urls)
    : DocumentFilter(name, Reasons)
{
    public const string BlockedDomain = "blocked_domain";
    public const string BlockedUrl = "blocked_url";

    public static readonly IReadOnlyList<string> Reasons = [BlockedDomain, BlockedUrl];

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        string file = o.RequireString("file");
        string path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw o.Error("file", $"blocklist file not found: {path}");
        var domains = new HashSet<string>(StringComparer.Ordinal);
        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in File.ReadLines(path))
        {
            string entry = raw.Trim();
            if (entry.Length == 0 || entry.StartsWith('#')) continue;
            if (entry.Contains("://", StringComparison.Ordinal) || entry.Contains('/'))
            {
                if (NormalizeUrl(entry.Contains("://", StringComparison.Ordinal) ? entry : "http://" + entry) is { } url) urls.Add(url);
                else throw o.Error("file", $"{path}: cannot read '{entry}' as a URL");
            }
            else
            {
                domains.Add(entry.TrimStart('.').TrimEnd('.').ToLowerInvariant());
            }
        }
        return new UrlBlocklistFilter(context.StageName, domains, urls);
    }

    protected override string? Check(Document document, TextView text, Counters counters)
    {
        if (string.IsNullOrEmpty(document.Url))
        {
            counters.Add("no_url");
            return null;
        }
        return Evaluate(document.Url, counters);
    }

    public string? Evaluate(string url, Counters? counters = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            counters?.Add("unparsable_url");
            return null;
        }
        ReadOnlySpan<char> host = uri.IdnHost.AsSpan().TrimEnd('.');
        while (true)
        {
            if (domains.Contains(host.ToString())) return BlockedDomain;
            int dot = host.IndexOf('.');
            if (dot < 0) break;
            host = host[(dot + 1)..];
        }
        if (urls.Count > 0 && NormalizeUrl(uri) is { } normal && (urls.Contains(normal) || urls.Contains(SwapScheme(normal))))
            return BlockedUrl;
        return null;
    }

    private static string? NormalizeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) ? NormalizeUrl(uri) : null;

    private static string NormalizeUrl(Uri uri)
    {
        string path = uri.AbsolutePath.TrimEnd('/');
        string port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{uri.Scheme}://{uri.IdnHost.TrimEnd('.')}{port}{path}{uri.Query}";
    }

    /// <summary>A blocklist rarely cares whether the page was fetched over http or https.</summary>
    private static string SwapScheme(string normal) =>
        normal.StartsWith("https://", StringComparison.Ordinal) ? "http://" + normal[8..]
        : normal.StartsWith("http://", StringComparison.Ordinal) ? "https://" + normal[7..] : normal;
}
