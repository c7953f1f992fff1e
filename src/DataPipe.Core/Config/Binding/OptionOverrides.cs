using System.Reflection;

namespace DataPipe.Core.Config.Binding;

/// <summary>
/// Values given outside the file (command-line flags), by option key: a value replaces the file's, a list is
/// appended to the file's. Applied to an options record through the same declarations the binder reads.
/// </summary>
public sealed class OptionOverrides
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, object> Values => _values;

    /// <summary>Records <paramref name="value"/> for <paramref name="key"/>; null or an empty list means "not given".</summary>
    public OptionOverrides Set(string key, object? value)
    {
        if (value is null || value is System.Collections.ICollection { Count: 0 }) _values.Remove(key);
        else _values[key] = value;
        return this;
    }

    /// <summary>A copy of <paramref name="options"/> with every given value applied.</summary>
    public T ApplyTo<T>(T options) where T : class
    {
        if (_values.Count == 0) return options;
        var copy = (T)(typeof(T).GetMethod("<Clone>$")?.Invoke(options, null) ?? options);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (!_values.TryGetValue(OptionBinder.KeyOf(property), out var value)) continue;
            if (value is IEnumerable<string> more && property.GetValue(copy) is IEnumerable<string> existing)
                property.SetValue(copy, (IReadOnlyList<string>)[.. existing, .. more]);
            else
                property.SetValue(copy, value);
        }
        return copy;
    }
}
