namespace DataPipe.Core.Pii;

/// <summary>The kinds of personal or secret data the scrubber replaces; the name is the counter and config key.</summary>
public enum PiiType
{
    Secret,
    Email,
    Iban,
    Card,
    Ssn,
    Phone,
    Ip,
}

public static class PiiTypes
{
    public static readonly IReadOnlyList<PiiType> All = Enum.GetValues<PiiType>();

    public static string Key(this PiiType type) => type switch
    {
        PiiType.Secret => "secret",
        PiiType.Email => "email",
        PiiType.Iban => "iban",
        PiiType.Card => "card",
        PiiType.Ssn => "ssn",
        PiiType.Phone => "phone",
        PiiType.Ip => "ip",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string DefaultPlaceholder(this PiiType type) => "<" + type.Key().ToUpperInvariant() + ">";

    public static bool TryParse(string key, out PiiType type)
    {
        foreach (var t in All)
        {
            if (t.Key() != key) continue;
            type = t;
            return true;
        }
        type = default;
        return false;
    }
}

/// <summary>A detected span in UTF-16 offsets of the document text.</summary>
public readonly record struct PiiSpan(int Start, int Length, PiiType Type)
{
    public int End => Start + Length;
}
