using System.IO.Compression;
using System.Text.RegularExpressions;
using DataPipe.Core.Config;
using DataPipe.Core.Execution;
using DataPipe.Core.Input.Remote;
using DataPipe.Core.Input.Splitting;

namespace DataPipe.Core.Input;

/// <summary>Expands input specs (paths, globs, paths files) into the ordered shard list of a plan; a big file becomes
/// several consecutive shards, one per range (<see cref="InputSplitter"/>).</summary>
public static class InputResolver
{
    /// <param name="skipped">Receives each file of an input folder that no reader recognises, with the reason, once.</param>
    /// <param name="unsplit">Receives each file above its <c>split_bytes</c> that its cutter left whole, with the reason.</param>
    /// <param name="maxRecordBytes">The build's <c>max_record_bytes</c>, which WARC cut points depend on.</param>
    public static IReadOnlyList<InputShard> Resolve(IReadOnlyList<InputSpec> specs, string pipelineFile, ICollection<SkippedInput>? skipped = null,
        ICollection<UnsplitInput>? unsplit = null, long maxRecordBytes = Formats.ReaderContext.DefaultMaxRecordBytes)
    {
        var shards = new List<InputShard>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var skippedSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var paths = spec.PathsFile is not null ? ReadPathsFile(spec) : ExpandGlob(spec, (path, reason) =>
            {
                if (skippedSeen.Add(path)) skipped?.Add(new SkippedInput(path, reason));
            });
            if (paths.Count == 0)
                throw new ConfigException(spec.Origin, spec.PathsFile is not null ? "paths_file" : "path", spec.Line, spec.Column,
                    $"no input matches '{spec.PathsFile ?? spec.Path}' (from {Directory.GetCurrentDirectory()})");
            foreach (var path in paths)
            {
                if (!seen.Add(path)) continue;
                string format = spec.Format == "auto" ? DetectFormat(RemoteShards.IsRemote(path) ? RemoteShards.Name(path) : path) ?? throw new ConfigException(spec.Origin, "format", spec.Line, spec.Column,
                    $"cannot tell the format of '{path}' from its name; set format: wet | warc | jsonl | parquet") : spec.Format;
                long bytes = !RemoteShards.IsRemote(path) && File.Exists(path) ? new FileInfo(path).Length : 0;
                foreach (var range in InputSplitter.Ranges(path, format, spec.SplitBytes, why => unsplit?.Add(new UnsplitInput(path, why)), maxRecordBytes))
                {
                    shards.Add(new InputShard
                    {
                        Index = shards.Count,
                        Path = path,
                        Format = format,
                        Bytes = (range.End < 0 ? bytes : range.End) - range.Start,
                        Name = RemoteShards.IsRemote(path) ? RemoteShards.Name(path) : System.IO.Path.GetFileName(path),
                        Start = range.Start,
                        End = range.End,
                        FirstOrdinal = range.FirstOrdinal,
                        Decoded = range.Decoded,
                        TextField = spec.TextField,
                        IdField = spec.IdField,
                        UrlField = spec.UrlField,
                        Html = Formats.Html.HtmlExtractionOptions.Parse(spec.Extraction, spec.Favor),
                    });
                }
            }
        }
        return shards;
    }

    public static string? DetectFormat(string path)
    {
        string name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        foreach (var suffix in new[] { ".gz", ".zst", ".zstd" })
            if (name.EndsWith(suffix, StringComparison.Ordinal)) { name = name[..^suffix.Length]; break; }
        if (name.EndsWith(".wet", StringComparison.Ordinal) || name.EndsWith(".warc.wet", StringComparison.Ordinal)) return "wet";
        // WAT files are WARC files of metadata records (JSON); the WARC reader reads them and counts those records.
        if (name.EndsWith(".warc", StringComparison.Ordinal) || name.EndsWith(".arc", StringComparison.Ordinal) || name.EndsWith(".wat", StringComparison.Ordinal)) return "warc";
        if (name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)) return "jsonl";
        if (name.EndsWith(".parquet", StringComparison.Ordinal)) return "parquet";
        return null;
    }

    private static List<string> ReadPathsFile(InputSpec spec)
    {
        string file = Path.GetFullPath(spec.PathsFile!);
        if (!File.Exists(file))
            throw new ConfigException(spec.Origin, "paths_file", spec.Line, spec.Column, $"file not found: {file}");
        string baseDir = Path.GetFullPath(spec.Base ?? Path.GetDirectoryName(file)!);
        Uri? baseUrl = spec.BaseUrl is null ? null : new Uri(spec.BaseUrl.EndsWith('/') ? spec.BaseUrl : spec.BaseUrl + "/");
        using Stream raw = File.OpenRead(file);
        using Stream text = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(text);
        var result = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            result.Add(RemoteShards.IsRemote(line) ? line
                : baseUrl is not null ? new Uri(baseUrl, line.TrimStart('/')).AbsoluteUri
                : Path.GetFullPath(Path.Combine(baseDir, line)));
        }
        // Missing listed shards are not a config error: the runner quarantines them, and the build goes on.
        return result;
    }

    /// <summary>Why a folder's file is not read: what its name says it is.</summary>
    internal static string SkipReason(string path)
    {
        string name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        if (name.Contains(".paths", StringComparison.Ordinal)) return "a list of shard paths, not a shard (give it as paths_file:)";
        string extension = System.IO.Path.GetExtension(name);
        return extension.Length == 0
            ? "no reader recognises a name without an extension (set format: on an input naming it)"
            : $"no reader recognises the extension '{extension}' (wet, warc, wat, jsonl, parquet, optionally .gz/.zst; set format: on an input naming it)";
    }

    private static List<string> ExpandGlob(InputSpec spec, Action<string, string> skip)
    {
        string pattern = spec.Path!;
        if (RemoteShards.IsRemote(pattern)) return [pattern];
        if (pattern.IndexOfAny(['*', '?', '[']) < 0)
        {
            string full = Path.GetFullPath(pattern);
            if (File.Exists(full)) return [full];
            if (Directory.Exists(full))
            {
                var files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                foreach (var file in files.Where(p => DetectFormat(p) is null)) skip(file, SkipReason(file));
                return files.Where(p => DetectFormat(p) is not null).ToList();
            }
            return [];
        }
        string normalized = Path.GetFullPath(pattern).Replace('\\', '/');
        int firstWild = normalized.IndexOfAny(['*', '?', '[']);
        int rootEnd = normalized.LastIndexOf('/', firstWild);
        string root = normalized[..Math.Max(rootEnd, 1)];
        string relativePattern = normalized[(rootEnd + 1)..];
        if (!Directory.Exists(root)) return [];
        var regex = GlobToRegex(relativePattern);
        bool recursive = relativePattern.Contains('/') || relativePattern.Contains("**", StringComparison.Ordinal);
        return Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(p => regex.IsMatch(Path.GetRelativePath(root, p).Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    internal static Regex GlobToRegex(string glob)
    {
        var sb = new System.Text.StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool slash = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}

/// <summary>A file of an input folder that is not read, and why.</summary>
public sealed record SkippedInput(string Path, string Reason);

/// <summary>A file above <c>split_bytes</c> read by one task after all, and why.</summary>
public sealed record UnsplitInput(string Path, string Reason);
