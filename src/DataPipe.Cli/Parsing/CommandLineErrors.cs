using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace DataPipe.Cli.Parsing;

/// <summary>
/// Turns System.CommandLine's parse errors into one line a person can act on: the option, the value expected in
/// words (never a .NET type name), and what was given. Also rejects an unknown <c>--option</c> that the parser
/// would otherwise hand to a list-valued option or an argument as if it were a path.
/// </summary>
public static class CommandLineErrors
{
    /// <summary>The first problem of the command line, or null when it is fine.</summary>
    /// <param name="args">The raw arguments: a value attached with '=' (<c>--slurm-extra=--exclusive</c>) may look like an option.</param>
    public static string? FirstProblem(ParseResult result, IReadOnlyList<string> args)
    {
        if (UnknownOption(result, args) is { } unknown) return unknown;
        if (result.Errors.Count == 0) return null;
        // "Unrecognized command or argument 'x'" says more than the "required command" error it causes.
        var error = result.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))
            ?? result.Errors[0];
        return Describe(error) ?? error.Message.ReplaceLineEndings(" ");
    }

    /// <summary>A token given as a value that looks like an option (<c>--wrokers</c>) is a misspelt option, not a path.</summary>
    private static string? UnknownOption(ParseResult result, IReadOnlyList<string> args)
    {
        var known = KnownOptionNames(result.CommandResult.Command);
        foreach (var token in result.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) return null; // after a bare "--" everything is a value by request
            if (token.Type == TokenType.Argument)
            {
                string value = token.Value;
                if (!value.StartsWith("--", StringComparison.Ordinal) || value.Length == 2 || !args.Contains(value)) continue;
                string name = value.Split('=', 2)[0];
                if (known.Contains(name)) continue;
                string? near = Nearest(name, known);
                return $"unknown option '{name}' for '{CommandPath(result.CommandResult)}'" + (near is null ? "" : $" (did you mean '{near}'?)");
            }
        }
        foreach (var token in result.UnmatchedTokens)
            if (token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2)
                return $"unknown option '{token.Split('=', 2)[0]}' for '{CommandPath(result.CommandResult)}'";
        return null;
    }

    private static string? Describe(ParseError error)
    {
        switch (error.SymbolResult)
        {
            case ArgumentResult { Parent: OptionResult option } argument:
                return DescribeValue(option.Option.Name, argument.Argument, argument.Tokens, option.Option, error.Message);
            case OptionResult option when option.Tokens.Count > 0 || option.Option.Arity.MinimumNumberOfValues > 0:
                return DescribeValue(option.Option.Name, null, option.Tokens, option.Option, error.Message);
            case ArgumentResult argument:
                return DescribeValue($"<{argument.Argument.Name}>", argument.Argument, argument.Tokens, null, error.Message);
            default:
                return null;
        }
    }

    private static string DescribeValue(string name, Argument? argument, IReadOnlyList<Token> tokens, Option? option, string message)
    {
        if (message.Contains("is required", StringComparison.Ordinal) || message.Contains("Required", StringComparison.Ordinal))
            return $"{name} is required: {(argument?.Description ?? option?.Description ?? Expected(argument?.ValueType ?? option?.ValueType, option)).TrimEnd('.')}";
        string given = tokens.Count > 0 ? tokens[^1].Value : "";
        if (tokens.Count == 0)
            return $"{name}: expected {Expected(argument?.ValueType ?? option?.ValueType, option)}, got nothing";
        return $"{name}: expected {Expected(argument?.ValueType ?? option?.ValueType, option)}, got '{given}'";
    }

    /// <summary>The value a symbol takes, in words.</summary>
    public static string Expected(Type? type, Symbol? symbol)
    {
        var choices = symbol is null ? [] : symbol.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        if (choices.Count > 0 && !(type == typeof(bool) || type == typeof(bool?)))
            return $"one of {string.Join(", ", choices)}";
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is not null && type.IsArray) type = type.GetElementType();
        return type switch
        {
            null => "a value",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(bool) => "true or false (or no value)",
            _ => "a value",
        };
    }

    private static HashSet<string> KnownOptionNames(Command command)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in command.Options)
        {
            names.Add(option.Name);
            foreach (var alias in option.Aliases) names.Add(alias);
        }
        names.Add("--verbose");
        names.Add("--help");
        return names;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent) names.Add(c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string? Nearest(string name, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (var candidate in known.Where(k => k.StartsWith("--", StringComparison.Ordinal)))
        {
            int d = Distance(name, candidate);
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return best;
    }

    /// <summary>Optimal-string-alignment distance (a swap of two neighbours counts once: wrokers → workers).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
