using System.Globalization;
using System.Reflection;
using System.Text;

namespace DataPipe.Core.Config.Binding;

/// <summary>
/// Binds a YAML mapping to an options type: one property per key (the snake_case of its name), the property's
/// initial value as the default, <see cref="RangeAttribute"/> and <see cref="ChoiceAttribute"/> as the checks.
/// Errors are <see cref="ConfigException"/>s with file:line:column and the dotted key; a key no property
/// names is rejected (in nested sections here; at the node's own level by its owner, who may read more keys).
/// One binder serves pipeline stages, the pipeline's sections and <c>train.yaml</c>, so an option is declared once.
/// </summary>
public static class OptionBinder
{
    /// <summary>Reads <typeparamref name="T"/>'s keys from <paramref name="node"/> (null: all defaults).</summary>
    public static T Bind<T>(OptionsNode? node) where T : new() => (T)Bind(typeof(T), node);

    /// <summary>Binds and then rejects any key of <paramref name="node"/> that <typeparamref name="T"/> does not declare.</summary>
    public static T BindAll<T>(OptionsNode node) where T : new()
    {
        var options = Bind<T>(node);
        node.EnsureAllKeysKnown();
        return options;
    }

    /// <summary>The keys <typeparamref name="T"/> declares, in declaration order (for docs and help).</summary>
    public static IReadOnlyList<string> Keys<T>() => Options(typeof(T)).Select(p => KeyOf(p)).ToList();

    public static string KeyOf(PropertyInfo property) =>
        property.GetCustomAttribute<KeyAttribute>()?.Name ?? SnakeCase(property.Name);

    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                    || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (boundary) text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else text.Append(c);
        }
        return text.ToString();
    }

    private static object Bind(Type type, OptionsNode? node)
    {
        var options = Activator.CreateInstance(type) ?? throw new InvalidOperationException($"{type.Name} needs a parameterless constructor");
        if (node is null) return options;
        foreach (var property in Options(type))
        {
            string key = KeyOf(property);
            if (!node.Has(key))
            {
                node.MarkRead(key);
                continue;
            }
            property.SetValue(options, Read(node, key, property, property.GetValue(options)));
        }
        if (options is IValidatedOptions validated)
            foreach (var (key, problem) in validated.Problems())
                throw node.Error(key, problem);
        return options;
    }

    /// <summary>
    /// Checks options that code built (not read from a file) against the same declarations, so a value the file
    /// could not hold is refused the same way. <paramref name="origin"/> names where they came from.
    /// </summary>
    public static void Check(object options, string origin, string path = "")
    {
        foreach (var property in Options(options.GetType()))
        {
            string key = path.Length == 0 ? KeyOf(property) : $"{path}.{KeyOf(property)}";
            var value = property.GetValue(options);
            var range = property.GetCustomAttribute<RangeAttribute>();
            var choice = property.GetCustomAttribute<ChoiceAttribute>();
            if (range is not null && value is int or long or double)
            {
                double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (!(number >= range.Min && number <= range.Max))
                    throw new ConfigException(origin, key, 0, 0, string.Create(CultureInfo.InvariantCulture,
                        $"must be between {Bound(range.Min)} and {Bound(range.Max)}, got {number}"));
            }
            if (choice is not null && value is string text && !choice.Values.Contains(text, StringComparer.Ordinal))
                throw new ConfigException(origin, key, 0, 0, $"must be one of {string.Join(", ", choice.Values)}, got '{text}'");
            if (value is not null && property.PropertyType.IsClass && property.PropertyType != typeof(string)
                && !typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType))
                Check(value, origin, key);
        }
        if (options is IValidatedOptions validated)
            foreach (var (key, problem) in validated.Problems())
                throw new ConfigException(origin, path.Length == 0 ? key : $"{path}.{key}", 0, 0, problem);
    }

    private static string Bound(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The properties <typeparamref name="T"/> reads as options, in declaration order.</summary>
    public static IReadOnlyList<PropertyInfo> Declared<T>() => Options(typeof(T)).ToList();

    private static IEnumerable<PropertyInfo> Options(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<NotAnOptionAttribute>() is null)
            .OrderBy(p => p.MetadataToken);

    private static object? Read(OptionsNode node, string key, PropertyInfo property, object? current)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var range = property.GetCustomAttribute<RangeAttribute>();
        var choice = property.GetCustomAttribute<ChoiceAttribute>();
        if (type == typeof(string))
        {
            if (choice is not null) return node.GetChoice(key, (string?)current ?? choice.Values[0], [.. choice.Values]);
            return node.GetString(key, (string?)current);
        }
        if (type == typeof(int))
            return node.GetInt(key, (int?)current ?? 0, (int)Math.Max(range?.Min ?? int.MinValue, int.MinValue), (int)Math.Min(range?.Max ?? int.MaxValue, int.MaxValue));
        if (type == typeof(long))
            return node.GetLong(key, (long?)current ?? 0, range is null ? long.MinValue : (long)range.Min, range is null || range.Max >= long.MaxValue ? long.MaxValue : (long)range.Max);
        if (type == typeof(double))
            return node.GetDouble(key, (double?)current ?? 0, range?.Min ?? double.NegativeInfinity, range?.Max ?? double.PositiveInfinity);
        if (type == typeof(bool))
            return node.GetBool(key, (bool?)current ?? false);
        if (type.IsEnum)
        {
            // An enum is a choice among its members' snake_case names (WordSplit.Spacy ↔ "spacy").
            var names = Enum.GetNames(type).ToDictionary(SnakeCase, n => Enum.Parse(type, n), StringComparer.Ordinal);
            string fallback = SnakeCase(Enum.GetName(type, current ?? Enum.GetValues(type).GetValue(0)!)!);
            return names[node.GetChoice(key, fallback, [.. names.Keys])];
        }
        if (type == typeof(IReadOnlyList<string>) || type == typeof(string[]))
        {
            // A list not given keeps its declared default (a filter's languages: [en]).
            if (!node.Has(key)) return current;
            var list = node.GetStringList(key);
            return type == typeof(string[]) ? list.ToArray() : list;
        }
        if (type.IsClass && type.GetConstructor(Type.EmptyTypes) is not null)
        {
            var section = node.GetSection(key);
            var bound = Bind(type, section);
            section?.EnsureAllKeysKnown();
            return bound;
        }
        throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"option '{key}' has a type the binder does not read ({type.Name})"));
    }
}
