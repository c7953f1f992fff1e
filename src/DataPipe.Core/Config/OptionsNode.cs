using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataPipe.Core.Config;

/// <summary>
/// A YAML mapping read through typed getters. It remembers which keys were read, so that
/// <see cref="EnsureAllKeysKnown"/> can reject a misspelt key with its line instead of silently ignoring it.
/// </summary>
public sealed class OptionsNode
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public OptionsNode(string file, string path, YamlMappingNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public string File { get; }

    /// <summary>Dotted path of this mapping inside the file, e.g. <c>stages[2]</c>.</summary>
    public string Path { get; }

    /// <summary>Parses a YAML file whose top level is a mapping; a syntax error names its real line and column.</summary>
    /// <param name="emptyMeansDefaults">An empty file (or only comments) is an empty mapping rather than an error.</param>
    public static OptionsNode Parse(string file, string yaml, bool emptyMeansDefaults = false)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // YAML forbids tabs in indentation, and the parser reports one at the document's start or at the scalar
            // before it: point at the tab itself.
            if (FirstIndentingTab(yaml) is { } tab)
                throw new ConfigException(file, "", tab.Line, tab.Column, "not valid YAML: a tab in the indentation (YAML indents with spaces)");
            throw new ConfigException(file, "", (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return emptyMeansDefaults ? Empty(file, "") : throw new ConfigException(file, "", 0, 0, "the file is empty");
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
            throw new ConfigException(file, "", (int)stream.Documents[0].RootNode.Start.Line, 1, "expected a mapping at the top level");
        return new OptionsNode(file, "", map);
    }

    private static (int Line, int Column)? FirstIndentingTab(string yaml)
    {
        int line = 1;
        foreach (var text in yaml.AsSpan().EnumerateLines())
        {
            for (int i = 0; i < text.Length && text[i] is ' ' or '\t' or '-'; i++)
                if (text[i] == '\t') return (line, i + 1);
            line++;
        }
        return null;
    }

    public static OptionsNode Empty(string file, string path) => new(file, path, new YamlMappingNode());

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    public bool Has(string key) => Find(key) is not null;

    public string KeyPath(string key) => string.IsNullOrEmpty(Path) ? key : $"{Path}.{key}";

    public ConfigException Error(string key, string problem)
    {
        var (keyNode, _) = FindPair(key);
        Mark mark = keyNode?.Start ?? _node.Start;
        return new ConfigException(File, KeyPath(key), (int)mark.Line, (int)mark.Column, problem);
    }

    public ConfigException ErrorHere(string problem) =>
        new(File, Path, (int)_node.Start.Line, (int)_node.Start.Column, problem);

    public string? GetString(string key, string? fallback = null)
    {
        var scalar = Scalar(key);
        return scalar is null ? fallback : scalar.Value;
    }

    public string RequireString(string key) =>
        GetString(key) ?? throw Error(key, "is required");

    public string GetChoice(string key, string fallback, params string[] choices)
    {
        string value = GetString(key, fallback)!;
        if (!choices.Contains(value, StringComparer.Ordinal))
            throw Error(key, $"must be one of {string.Join(", ", choices)}, got '{value}'");
        return value;
    }

    public long GetLong(string key, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        var scalar = Scalar(key);
        if (scalar is null) return fallback;
        if (!long.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
            throw Error(key, $"expected an integer, got '{scalar.Value}'");
        if (value < min || value > max)
            throw Error(key, $"must be between {min} and {max}, got {value}");
        return value;
    }

    /// <summary>A size in bytes: an integer, or with a binary suffix (<c>256MiB</c>); <c>off</c> is 0.</summary>
    public long GetByteSize(string key, long fallback)
    {
        var scalar = Scalar(key);
        if (scalar is null) return fallback;
        if (!ByteSize.TryParse(scalar.Value, out long value))
            throw Error(key, $"expected a size in bytes (e.g. 268435456, 256MiB, 1GiB, or off), got '{scalar.Value}'");
        return value;
    }

    public int GetInt(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        (int)GetLong(key, fallback, min, max);

    public double GetDouble(string key, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var scalar = Scalar(key);
        if (scalar is null) return fallback;
        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Error(key, $"expected a number, got '{scalar.Value}'");
        if (value < min || value > max)
            throw Error(key, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {value.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    public bool GetBool(string key, bool fallback)
    {
        var scalar = Scalar(key);
        if (scalar is null) return fallback;
        return scalar.Value?.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(key, $"expected true or false, got '{scalar.Value}'"),
        };
    }

    /// <summary>A list of strings; a single scalar is taken as a list of one.</summary>
    public IReadOnlyList<string> GetStringList(string key)
    {
        var node = Find(key);
        if (node is null) return [];
        if (node is YamlScalarNode one) return [one.Value ?? ""];
        if (node is not YamlSequenceNode seq) throw Error(key, "expected a list of strings");
        var result = new List<string>();
        foreach (var item in seq)
        {
            if (item is not YamlScalarNode s) throw Error(key, "expected a list of strings");
            result.Add(s.Value ?? "");
        }
        return result;
    }

    public OptionsNode? GetSection(string key)
    {
        var node = Find(key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: null or "" or "~" or "null" }) return Empty(File, KeyPath(key));
        if (node is not YamlMappingNode map) throw Error(key, "expected a mapping (key: value lines)");
        return new OptionsNode(File, KeyPath(key), map);
    }

    /// <summary>Items of a list: mappings become options; a plain scalar item <c>- name</c> is read as <c>{type: name}</c>.</summary>
    public IReadOnlyList<OptionsNode> GetSectionList(string key)
    {
        var node = Find(key);
        if (node is null) return [];
        if (node is not YamlSequenceNode seq) throw Error(key, "expected a list");
        var result = new List<OptionsNode>();
        int i = 0;
        foreach (var item in seq)
        {
            string itemPath = $"{KeyPath(key)}[{i++}]";
            switch (item)
            {
                case YamlMappingNode map:
                    result.Add(new OptionsNode(File, itemPath, map));
                    break;
                case YamlScalarNode scalar:
                    var wrapped = new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode(scalar.Value));
                    result.Add(new OptionsNode(File, itemPath, CopyMarks(wrapped, scalar)));
                    break;
                default:
                    throw new ConfigException(File, itemPath, (int)item.Start.Line, (int)item.Start.Column, "expected a mapping or a name");
            }
        }
        return result;
    }

    /// <summary>Throws for the first key that no getter asked for: a typo must not be silently ignored.</summary>
    public void EnsureAllKeysKnown()
    {
        foreach (var (k, _) in _node.Children)
        {
            string name = (k as YamlScalarNode)?.Value ?? "";
            if (!_read.Contains(name))
            {
                var known = _read.Count == 0 ? "" : $" (known keys here: {string.Join(", ", _read.Order(StringComparer.Ordinal))})";
                throw new ConfigException(File, KeyPath(name), (int)k.Start.Line, (int)k.Start.Column, $"unknown key{known}");
            }
        }
    }

    /// <summary>Marks a key as known without reading it (for keys consumed elsewhere).</summary>
    public void MarkRead(string key) => _read.Add(key);

    private YamlScalarNode? Scalar(string key)
    {
        var node = Find(key);
        if (node is null) return null;
        if (node is not YamlScalarNode scalar) throw Error(key, "expected a single value, not a list or mapping");
        if (scalar.Style == ScalarStyle.Plain && scalar.Value is "~" or "null" or "") return null;
        return scalar;
    }

    private YamlNode? Find(string key) => FindPair(key).Value;

    private (YamlNode? Key, YamlNode? Value) FindPair(string key)
    {
        _read.Add(key);
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode s && s.Value == key) return (k, v);
        return (null, null);
    }

    private static YamlMappingNode CopyMarks(YamlMappingNode wrapped, YamlScalarNode source)
    {
        // Synthesised nodes have no position; parse a tiny document so errors still point at the original line.
        var yaml = new YamlStream();
        yaml.Load(new StringReader(new string('\n', Math.Max(0, (int)source.Start.Line - 1)) + new string(' ', Math.Max(0, (int)source.Start.Column - 1)) + "type: " + Quote(source.Value ?? "")));
        return yaml.Documents[0].RootNode as YamlMappingNode ?? wrapped;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
}
