using DataPipe.Core.Config;

namespace DataPipe.Core.Filters;

/// <summary>
/// The optional <c>disabled_rules:</c> list of a filter stage. Naming a rule the stage does not have is a config
/// error, so a typo cannot silently leave a rule on.
/// </summary>
public sealed class RuleSwitches
{
    private readonly HashSet<string> _disabled;

    private RuleSwitches(HashSet<string> disabled) => _disabled = disabled;

    public static RuleSwitches AllOn { get; } = new([]);

    public static RuleSwitches Read(OptionsNode options, IReadOnlyList<string> rules)
    {
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (string rule in options.GetStringList("disabled_rules"))
        {
            if (!rules.Contains(rule))
                throw options.Error("disabled_rules", $"unknown rule '{rule}' (rules here: {string.Join(", ", rules)})");
            disabled.Add(rule);
        }
        return new RuleSwitches(disabled);
    }

    public bool On(string rule) => !_disabled.Contains(rule);
}
