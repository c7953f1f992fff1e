using System.CommandLine;
using System.Reflection;
using DataPipe.Core.Config.Binding;

namespace DataPipe.Cli.Parsing;

/// <summary>
/// Command-line flags made from an options record's declarations (<c>--prefix-key-name</c>, its help text and
/// aliases), read back as <see cref="OptionOverrides"/>: a setting added to the record is a flag with no further code.
/// </summary>
public sealed class OptionFlags<T>
{
    private readonly List<(string Key, Option Option, Func<ParseResult, object?> Read)> _flags = [];

    public OptionFlags(string prefix)
    {
        foreach (var property in OptionBinder.Declared<T>())
        {
            string key = OptionBinder.KeyOf(property);
            string name = prefix + key.Replace('_', '-');
            string[] aliases = property.GetCustomAttribute<FlagAliasAttribute>() is { } alias ? [prefix + alias.Name] : [];
            string? help = property.GetCustomAttribute<HelpAttribute>()?.Text;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var (option, read) = type switch
            {
                _ when type == typeof(string) => Make<string?>(name, aliases),
                _ when type == typeof(int) => Make<int?>(name, aliases),
                _ when type == typeof(long) => Make<long?>(name, aliases),
                _ when type == typeof(double) => Make<double?>(name, aliases),
                _ when type == typeof(bool) => Make<bool?>(name, aliases),
                _ when type == typeof(IReadOnlyList<string>) => Make<string[]>(name, aliases),
                _ => throw new NotSupportedException($"{typeof(T).Name}.{property.Name}: no command-line form for {type.Name}"),
            };
            option.Description = help;
            _flags.Add((key, option, read));
        }
    }

    public IEnumerable<Option> Options => _flags.Select(f => f.Option);

    public void AddTo(Command command)
    {
        foreach (var option in Options) command.Options.Add(option);
    }

    public OptionOverrides Read(ParseResult result)
    {
        var overrides = new OptionOverrides();
        foreach (var (key, _, read) in _flags)
        {
            var value = read(result);
            overrides.Set(key, value is string[] list ? (IReadOnlyList<string>)list : value);
        }
        return overrides;
    }

    private static (Option, Func<ParseResult, object?>) Make<TValue>(string name, string[] aliases)
    {
        var option = new Option<TValue>(name, aliases);
        if (typeof(TValue) == typeof(string[])) option.AllowMultipleArgumentsPerToken = false;
        return (option, result => result.GetValue(option));
    }
}
