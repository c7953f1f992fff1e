using DataPipe.Core.Config;

namespace DataPipe.Core.Decontamination;

/// <summary>Reads the <c>decontaminate</c> stage's options and eval files, with file:line errors.</summary>
internal static class DecontaminationConfig
{
    private static readonly string[] DefaultQuestionFields = ["question", "prompt", "query", "input", "text"];

    public static DecontaminationOptions Read(OptionsNode o)
    {
        var sets = EvalSets(o);
        int ngram = o.GetInt("ngram", 13, 1, 64);
        var options = new DecontaminationOptions
        {
            EvalSets = sets,
            NGram = ngram,
            MinNGram = o.GetInt("min_ngram", Math.Min(8, ngram), 1, ngram),
            Mode = o.GetChoice("mode", "drop", "drop", "cut") == "cut" ? DecontaminationMode.Cut : DecontaminationMode.Drop,
            Margin = o.GetInt("margin", 200, 0, 1_000_000),
            MaxCuts = o.GetInt("max_cuts", 10, 0, 1_000_000),
            MinChars = o.GetInt("min_chars", 200, 0, int.MaxValue),
            IgnoreFrequent = o.GetLong("ignore_frequent", 0, 0, long.MaxValue),
            RequireAnswer = o.GetBool("require_answer", false),
            Normalization = new WordNormalization(o.GetBool("case_fold", true), o.GetChoice("punctuation", "ignore", "ignore", "keep") == "ignore"),
            Samples = o.GetInt("samples", 20, 0, 10_000),
        };
        return options;
    }

    private static List<EvalSetSpec> EvalSets(OptionsNode o)
    {
        if (!o.Has("eval_sets")) throw o.Error("eval_sets", "is required: a list of evaluation files (JSONL or .txt)");
        var specs = new List<EvalSetSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in o.GetSectionList("eval_sets"))
        {
            // A plain list item "- path" arrives as {type: path} (see OptionsNode.GetSectionList).
            string? path = item.Has("type") ? item.GetString("type") : item.GetString("path");
            if (string.IsNullOrEmpty(path)) throw item.Error("path", "is required: the evaluation file");
            string full = Path.GetFullPath(path);
            if (!File.Exists(full)) throw item.Error(item.Has("type") ? "type" : "path", $"evaluation file not found: {full}");
            string name = item.GetString("name") ?? Path.GetFileNameWithoutExtension(full);
            if (!names.Add(name)) throw item.Error("name", $"two eval sets are named '{name}': give one a name:");
            var questions = item.Has("question_field") ? item.GetStringList("question_field") : DefaultQuestionFields;
            specs.Add(new EvalSetSpec(name, full, questions, item.GetString("choices_field") ?? "choices", item.GetString("answer_field") ?? "answer"));
            item.EnsureAllKeysKnown();
        }
        if (specs.Count == 0) throw o.Error("eval_sets", "must list at least one evaluation file");
        return specs;
    }

    public static EvalIndex BuildIndex(OptionsNode o, DecontaminationOptions options)
    {
        var sets = new List<(string, List<EvalItem>)>();
        for (int s = 0; s < options.EvalSets.Count; s++)
        {
            var spec = options.EvalSets[s];
            try
            {
                sets.Add((spec.Name, EvalSetReader.Read(spec, s)));
            }
            catch (InvalidDataException e)
            {
                throw o.Error("eval_sets", e.Message);
            }
        }
        return EvalIndex.Build(sets, options.NGram, options.MinNGram, options.Normalization);
    }
}
