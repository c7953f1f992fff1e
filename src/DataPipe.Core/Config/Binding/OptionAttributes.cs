namespace DataPipe.Core.Config.Binding;

/// <summary>The option's key when it is not the snake_case of the property name.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KeyAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Inclusive bounds of a numeric option.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute(double min, double max) : Attribute
{
    public double Min { get; } = min;
    public double Max { get; } = max;
}

/// <summary>The values a text option may take.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ChoiceAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>A property of an options record that is not read from the file (set by code, e.g. from the command line).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAnOptionAttribute : Attribute;

/// <summary>Options whose values constrain each other (min ≤ max, dim divisible by heads). The binder reports each
/// problem at its key's line when the options come from a file, and by key when code built them.</summary>
public interface IValidatedOptions
{
    /// <summary>Each problem as the key it concerns (of this record, snake_case) and what is wrong.</summary>
    IEnumerable<(string Key, string Problem)> Problems();
}

/// <summary>One line of help for the option, shown where it is also a command-line flag.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HelpAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}

/// <summary>A further (usually shorter, historical) command-line name for the option, without its prefix.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FlagAliasAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
