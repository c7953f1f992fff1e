using System.Collections.Frozen;

namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>
/// The commonest function words of the languages most crawled pages are in (English, German, French, Spanish,
/// Italian, Portuguese, Dutch, Polish), merged: prose is dense in them, menus, bylines and link lists are not
/// (jusText's observation). One merged list needs no language detection and is good enough to tell the two apart.
/// </summary>
public static class StopWords
{
    private static readonly FrozenSet<string> Words = (
        "the of and to in a is that for it as was with be by on not he i this are or his from at which but have an they "
        + "you were her she there their all one been has more if its we will would who so can no what about when them "
        + "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat "
        + "dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis "
        + "mehr durch man dann soll ich wir wenn was "
        + "le la les de des du un une et est en que qui dans pour pas sur au il elle avec ce se sont par plus ne ou mais "
        + "el los las del y que en un por con para una su al lo como más pero sus le ya o fue este ha sí porque esta "
        + "il di che è per non una sono della si da con le gli nel anche dei ma come alla più "
        + "o os as do da em um uma não no na com por mais se ao dos das "
        + "het een van en de dat zijn op te niet met voor ook er aan maar om dan bij nog "
        + "w i na z się nie do to że jest o jak ale po co tak za od już przez jego"
        ).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether a word, already lower-cased, is a stop word.</summary>
    public static bool Contains(ReadOnlySpan<char> lowerWord) => Lookup.Contains(lowerWord);
}
