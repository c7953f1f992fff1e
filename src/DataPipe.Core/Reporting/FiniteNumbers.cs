using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DataPipe.Core.Reporting;

/// <summary>
/// JSON has no NaN or infinity. A report section holding one is a defect in whatever computed it; this finds the first
/// such number and names where it sits, instead of the serializer's message that names neither field nor section.
/// </summary>
public static class FiniteNumbers
{
    /// <summary>Throws <see cref="InvalidDataException"/> naming the first non-finite number under
    /// <paramref name="node"/> by its JSON path, prefixed with <paramref name="where"/>.</summary>
    public static void Require(JsonNode? node, string where)
    {
        if (Find(node, "$") is { } bad)
            throw new InvalidDataException($"{where}: field {bad.Path} is {bad.Value}, not a finite number");
    }

    /// <summary>Serializes a report section to a node, refusing a non-finite number in it by section name.</summary>
    public static JsonNode? Section(string name, object value, JsonSerializerOptions options)
    {
        if (value is JsonNode node)
        {
            Require(node, $"report section '{name}'");
            return node.DeepClone();
        }
        try
        {
            return JsonSerializer.SerializeToNode(value, options);
        }
        catch (ArgumentException)
        {
            throw NotFinite($"report section '{name}'", value, value.GetType(), options);
        }
    }

    /// <summary>Serializes a typed document, refusing a non-finite number in it by its JSON path.</summary>
    public static JsonNode SerializeToNode<T>(T value, JsonTypeInfo<T> typeInfo, string where) where T : notnull
    {
        try
        {
            return JsonSerializer.SerializeToNode(value, typeInfo)!;
        }
        catch (ArgumentException)
        {
            throw NotFinite(where, value, typeof(T), typeInfo.Options);
        }
    }

    private static InvalidDataException NotFinite(string where, object? value, Type type, JsonSerializerOptions options)
    {
        // Written again with named literals, so the NaN shows as the string "NaN" and its path.
        var lenient = new JsonSerializerOptions(options) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        string field = FindLiteral(JsonSerializer.SerializeToNode(value, type, lenient), "$") ?? "$";
        return new InvalidDataException($"{where}: field {field} is not a finite number");
    }

    private static (string Path, double Value)? Find(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    if (Find(child, $"{path}.{key}") is { } hit) return hit;
                return null;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                    if (Find(a[i], $"{path}[{i}]") is { } hit) return hit;
                return null;
            case JsonValue v:
                if (v.TryGetValue(out double d) && !double.IsFinite(d)) return (path, d);
                if (v.TryGetValue(out float f) && !float.IsFinite(f)) return (path, f);
                return null;
            default:
                return null;
        }
    }

    private static string? FindLiteral(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    if (FindLiteral(child, $"{path}.{key}") is { } hit) return hit;
                return null;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                    if (FindLiteral(a[i], $"{path}[{i}]") is { } hit) return hit;
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>() is "NaN" or "Infinity" or "-Infinity" ? path : null;
            default:
                return null;
        }
    }
}
