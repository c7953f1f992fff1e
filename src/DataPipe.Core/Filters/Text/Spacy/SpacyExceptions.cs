using System.Collections.Frozen;
using System.Globalization;

namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>
/// spaCy's English tokenizer exceptions ("special cases", v3.6): a whole string that becomes the given pieces.
/// Built the way spacy/lang/en/tokenizer_exceptions.py and lang/tokenizer_exceptions.py build them — contractions
/// for each pronoun, w-word and verb in lower and title case, with and without the apostrophe; abbreviations;
/// times; emoticons — then every entry with "'" is repeated with "’" (spaCy's <c>update_exc</c>).
/// </summary>
public static class SpacyExceptions
{
    public static readonly FrozenDictionary<string, string[]> Rules = Build().ToFrozenDictionary(StringComparer.Ordinal);

    private static Dictionary<string, string[]> Build()
    {
        var exc = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(params string[] pieces) => exc[string.Concat(pieces)] = pieces;
        static string Title(string s) => char.ToUpperInvariant(s[0]) + s[1..];
        static string[] Cases(string s) => [s, Title(s)];

        foreach (var orth in Cases("i"))
        {
            Add(orth, "'m");
            Add(orth, "m");
            Add(orth, "'m", "a");
            Add(orth, "m", "a");
        }
        foreach (var pron in new[] { "i", "you", "he", "she", "it", "we", "they" })
        foreach (var orth in Cases(pron))
        {
            Add(orth, "'ll");
            Add(orth, "ll");
            Add(orth, "'ll", "'ve");
            Add(orth, "ll", "ve");
            Add(orth, "'d");
            Add(orth, "d");
            Add(orth, "'d", "'ve");
            Add(orth, "d", "ve");
        }
        foreach (var pron in new[] { "i", "you", "we", "they" })
        foreach (var orth in Cases(pron))
        {
            Add(orth, "'ve");
            Add(orth, "ve");
        }
        foreach (var pron in new[] { "you", "we", "they" })
        foreach (var orth in Cases(pron))
        {
            Add(orth, "'re");
            Add(orth, "re");
        }
        foreach (var pron in new[] { "he", "she", "it" })
        foreach (var orth in Cases(pron))
        {
            Add(orth, "'s");
            Add(orth, "s");
        }

        // W-words etc.: "this" takes 's but not 're/'ve, "these"/"those" the reverse (their number).
        foreach (var (word, number) in new[]
                 {
                     ("who", ' '), ("what", ' '), ("when", ' '), ("where", ' '), ("why", ' '), ("how", ' '), ("there", ' '),
                     ("that", 'S'), ("this", 'S'), ("these", 'P'), ("those", 'P'),
                 })
        foreach (var orth in Cases(word))
        {
            if (number != 'P')
            {
                Add(orth, "'s");
                Add(orth, "s");
            }
            Add(orth, "'ll");
            Add(orth, "ll");
            Add(orth, "'ll", "'ve");
            Add(orth, "ll", "ve");
            if (number != 'S')
            {
                Add(orth, "'re");
                Add(orth, "re");
                Add(orth, "'ve");
                Add(orth, "ve");
            }
            Add(orth, "'d");
            Add(orth, "d");
            Add(orth, "'d", "'ve");
            Add(orth, "d", "ve");
        }

        foreach (var verb in new[] { "ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought", "sha", "should", "wo", "would" })
        foreach (var orth in Cases(verb))
        {
            Add(orth, "n't");
            Add(orth, "nt");
            Add(orth, "n't", "'ve");
            Add(orth, "nt", "ve");
        }
        foreach (var verb in new[] { "could", "might", "must", "should", "would" })
        foreach (var orth in Cases(verb))
        {
            Add(orth, "'ve");
            Add(orth, "ve");
        }
        foreach (var verb in new[] { "ai", "are", "is", "was", "were", "have", "has", "dare" })
        foreach (var orth in Cases(verb))
        {
            Add(orth, "n't");
            Add(orth, "nt");
        }

        // Dropped g's, with and without the trailing apostrophe.
        foreach (var word in new[] { "doin", "goin", "nothin", "nuthin", "ol", "somethin" })
        foreach (var orth in Cases(word))
        {
            Add(orth);
            Add(orth + "'");
        }
        foreach (var word in new[] { "em", "ll", "nuff" })
        {
            Add(word);
            Add("'" + word);
        }

        for (int h = 1; h <= 12; h++)
        {
            string hour = h.ToString(CultureInfo.InvariantCulture);
            foreach (var period in new[] { "a.m.", "am", "p.m.", "pm" }) Add(hour, period);
        }

        Add("y'", "all");
        Add("y", "all");
        Add("how", "'d", "'y");
        Add("How", "'d", "'y");
        Add("not", "'ve");
        Add("not", "ve");
        Add("Not", "'ve");
        Add("Not", "ve");
        Add("can", "not");
        Add("Can", "not");
        Add("gon", "na");
        Add("Gon", "na");
        Add("got", "ta");
        Add("Got", "ta");
        Add("let", "'s");
        Add("Let", "'s");
        Add("c'm", "on");
        Add("C'm", "on");

        const string single =
            "'S 's \u2018S \u2018s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout ma'am Ma'am o'clock O'clock " +
            "lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin Doin goin' Goin' goin Goin " +
            "Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb. Fla. Ga. Ia. Id. Ill. Ind. Jan. Jul. Jun. " +
            "Kan. Kans. Ky. La. Mar. Mass. Mich. Minn. Miss. N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. " +
            "Ore. Pa. S.C. Sep. Sept. Tenn. Va. Wash. Wis. " +
            "'d a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr. Ltd. Md. Messrs. " +
            "Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s.";
        foreach (var orth in single.Split(' ')) Add(orth);

        foreach (var word in new[] { "Ill", "ill", "Its", "its", "Hell", "hell", "Shell", "shell", "Shed", "shed", "were", "Were", "Well", "well", "Whore", "whore" })
            exc.Remove(word);

        // BASE_EXCEPTIONS (spacy/lang/tokenizer_exceptions.py), which the English ones are layered over.
        var all = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var orth in new[] { " ", "\t", "\\t", "\n", "\\n", "\u2014", "\u00a0", "'", "\\\")", "<space>", "''", "C++" })
            all[orth] = [orth];
        foreach (var orth in "abcdefghijklmnopqrstuvwxyzäöü".Select(c => c + ".")) all[orth] = [orth];
        foreach (var orth in Emoticons.Split(' ', StringSplitOptions.RemoveEmptyEntries)) all[orth] = [orth];
        foreach (var (key, pieces) in exc) all[key] = pieces;

        // update_exc: every rule with an ASCII apostrophe also exists with a right single quotation mark.
        foreach (var (key, pieces) in all.ToArray())
            if (key.Contains('\'', StringComparison.Ordinal))
                all[key.Replace('\'', '’')] = [.. pieces.Select(p => p.Replace('\'', '’'))];
        return all;
    }

    // The emoticon list's "\")" is a backslash, a quote and a parenthesis (as the oracle confirms: a quote before a
    // closing parenthesis stays two tokens).
    private const string Emoticons =
        ":) :-) :)) :-)) :))) :-))) (: (-: =) (= \\\") :] :-] [: [-: :o) (o: :} :-} 8) 8-) (-8 ;) ;-) (; (-; :( :-( " +
        ":(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| :1 :P :-P :p :-p :O :-O :o :-o :0 " +
        ":-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< " +
        ">.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0 o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 " +
        "<333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ) ¯\\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>";
}
