using DataPipe.Core.Classification;
using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using DataPipe.Core.Tests.Filters;

namespace DataPipe.Core.Tests.Classification;

/// <summary>The <c>language_id</c> stage with lid.176.ftz: keep/drop by language and by score, metadata, counters.</summary>
public sealed class LanguageIdStageTests
{
    private const string English = "The committee met on Tuesday to discuss the new budget for the city's public schools and libraries.";
    private const string German = "Der Ausschuss traf sich am Dienstag, um den neuen Haushalt für die öffentlichen Schulen der Stadt zu besprechen.";
    private const string French = "Le comité s'est réuni mardi pour discuter du nouveau budget des écoles publiques et des bibliothèques de la ville.";

    private static IStage Build(string options) =>
        StageBuilder.Build("language_id", $"{{ model: '{FastTextCli.LidModel}', {options} }}");

    private static StepResult Run(IStage stage, string text, Counters? counters = null)
    {
        var context = new StepContext
        {
            Layout = null!, Shard = null!, ShardCount = 1, Pass = 0, Counters = counters ?? new Counters(),
            Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Seed = 1,
        };
        using var step = ((IDocumentStage)stage).Open(context);
        return step.Process(StageBuilder.Doc(text));
    }

    [LidModelFact]
    public void KeepsListedLanguagesAndDropsOthers()
    {
        var stage = Build("keep: [en, fr]");
        var english = Run(stage, English);
        Assert.True(english.Kept);
        Assert.Equal("en", english.Document!.Metadata["language"]);
        Assert.True(double.Parse(english.Document.Metadata["language_score"], System.Globalization.CultureInfo.InvariantCulture) > 0.65);
        Assert.Equal("fr", Run(stage, French).Document?.Metadata["language"]);
        Assert.Equal(LanguageIdStage.DropLanguage, Run(stage, German).DropReason);
    }

    [LidModelFact]
    public void DropListDropsOnlyThoseLanguages()
    {
        var stage = Build("drop: [de]");
        Assert.Equal(LanguageIdStage.DropLanguage, Run(stage, German).DropReason);
        Assert.True(Run(stage, English).Kept);
        Assert.True(Run(stage, French).Kept);
    }

    [LidModelFact]
    public void MinScoreDropsUncertainDocuments()
    {
        // Three languages in one line: no language is certain.
        string mixed = "The committee met. Der Ausschuss traf sich. Le comité s'est réuni.";
        var lenient = Run(Build("min_score: 0.0"), mixed);
        Assert.True(lenient.Kept);
        float score = float.Parse(lenient.Document!.Metadata["language_score"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(score < 0.8, $"mixed text scored {score}");
        Assert.Equal(LanguageIdStage.DropScore, Run(Build("min_score: 0.8"), mixed).DropReason);
        Assert.True(Run(Build("min_score: 0.8"), English).Kept);
    }

    [LidModelFact]
    public void NewlinesDoNotCutTheDocument()
    {
        // fastText would stop at the first newline; the stage reads the whole text as one line.
        string text = "Hello\n" + German + "\n" + German;
        var result = Run(Build("top_k: 3"), text);
        Assert.Equal("de", result.Document!.Metadata["language"]);
        string top = result.Document.Metadata["language_top"];
        Assert.StartsWith("de:", top);
        Assert.Equal(3, top.Split(' ').Length);
    }

    [LidModelFact]
    public void CountsDocumentsAndBytesPerLanguage()
    {
        var counters = new Counters();
        var stage = Build("keep: [en]");
        Run(stage, English, counters);
        Run(stage, German, counters);
        Run(stage, German, counters);
        Assert.Equal(1, counters.Get("docs.en"));
        Assert.Equal(2, counters.Get("docs.de"));
        Assert.Equal(2 * System.Text.Encoding.UTF8.GetByteCount(German), counters.Get("bytes.de"));
    }

    [Fact]
    public void MissingModelIsAOneLineConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => StageBuilder.Build("language_id", "{ model: /nonexistent/lid.ftz }"));
        Assert.Contains("not found", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void NotAModelIsAOneLineConfigError()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.bin");
        File.WriteAllText(path, "this is not a model");
        var e = Assert.Throws<ConfigException>(() => StageBuilder.Build("language_id", $"{{ model: '{path}' }}"));
        Assert.Contains("wrong magic number", e.Message);
    }
}

/// <summary>A fact that needs the fetched lid.176.ftz; skipped, saying how to fetch it, without it.</summary>
public sealed class LidModelFactAttribute : FactAttribute
{
    public LidModelFactAttribute()
    {
        if (!File.Exists(FastTextCli.LidModel)) Skip = $"{FastTextCli.LidModel} is missing (`make models`; make test fetches it)";
    }
}
