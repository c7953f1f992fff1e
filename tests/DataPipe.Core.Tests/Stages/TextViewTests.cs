using System.Reflection;
using DataPipe.Core.Filters;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Stages;
using DataPipe.Core.Tests.Filters;

namespace DataPipe.Core.Tests.Stages;

/// <summary>
/// The per-document text view: filters that share one view decide exactly as each would on a view of its own, in
/// any order, and a view pointed at a new text forgets the old one's words.
/// </summary>
public sealed class TextViewTests
{
    private static IReadOnlyList<string> Texts()
    {
        var texts = RealTextFiles.Take(300, minBytes: 200, maxBytes: 60_000).Select(File.ReadAllText).ToList();
        texts.Add("Short. Text with symbols @@ »» ??? *** ^^ !!!\n\nand a repeated line\nand a repeated line\n");
        texts.Add("");
        texts.Add("\U0001F600 emoji words \U0001F600 and more words here.\n");
        return texts;
    }

    private static readonly (string Name, Func<TextView, string?> Decide)[] Filters = Build();

    private static (string, Func<TextView, string?>)[] Build()
    {
        var quality = (GopherQualityFilter)StageBuilder.Build("gopher_quality");
        var repetition = (GopherRepetitionFilter)StageBuilder.Build("gopher_repetition");
        var fineweb = (FineWebFilter)StageBuilder.Build("fineweb");
        var fastQuality = (GopherQualityFilter)StageBuilder.Build("gopher_quality", "{word_split: fast}");
        var c4 = (C4Filter)StageBuilder.Build("c4");
        var length = (LengthFilter)StageBuilder.Build("length", "{min_chars: 50, max_chars: 20000}");
        return
        [
            ("gopher_quality", v => quality.Evaluate(v)),
            ("gopher_repetition", v => repetition.Evaluate(v)),
            ("fineweb", v => fineweb.Evaluate(v)),
            ("gopher_quality fast split", v => fastQuality.Evaluate(v)),
            ("c4", v => c4.Apply(v, null).Reason),
            ("length", v => length.Evaluate(v)),
        ];
    }

    [Fact]
    public void FiltersSharingOneViewDecideAsOnViewsOfTheirOwnInAnyOrder()
    {
        var shared = new TextView();
        var order = Enumerable.Range(0, Filters.Length).ToArray();
        var random = new Random(7);
        int documents = 0;
        foreach (string text in Texts())
        {
            var alone = Filters.Select(f => f.Decide(TextView.Of(text))).ToArray();
            random.Shuffle(order);
            shared.Show(text);
            foreach (int i in order)
                Assert.True(alone[i] == Filters[i].Decide(shared), $"{Filters[i].Name} on document {documents}: {alone[i]} alone");
            documents++;
        }
        Assert.True(documents > 100, $"only {documents} real texts");
    }

    [Fact]
    public void ANewTextIsTokenizedAgainAndTheSameTextIsNot()
    {
        var view = TextView.Of("one two three");
        var words = view.Words(WordSplit.Spacy);
        Assert.Equal(3, words.Count);
        Assert.Same(words, view.Words(WordSplit.Spacy));

        view.Show("four five");
        Assert.Equal(2, view.Words(WordSplit.Spacy).Count);
        Assert.Equal(2, view.Words(WordSplit.Fast).Count);
        Assert.Equal(9, view.CodePoints);
        Assert.Equal(9, view.Utf8Length);

        // A rewritten text of the same length is a new text, whatever its content.
        view.Show("four, six");
        Assert.Equal(3, view.Words(WordSplit.Spacy).Count);
        view.Show("é\U0001F600", utf8Length: 6);
        Assert.Equal(2, view.CodePoints);
        Assert.True(view.HasSurrogatePairs);
        Assert.Equal(6, view.Utf8Length);
    }

    [Fact]
    public void SentencesOfALineLeaveTheDocumentsWordsAlone()
    {
        const string text = "First line. Second sentence.\nAnother line here!";
        var view = TextView.Of(text);
        var words = view.Words(WordSplit.Spacy);
        int before = words.Count;
        var starts = words.Starts.ToArray();
        Assert.Equal(3, view.Sentences.Count("One. Two. Three.", WordSplit.Spacy));
        Assert.Equal(before, view.Words(WordSplit.Spacy).Count);
        Assert.Equal(starts, view.Words(WordSplit.Spacy).Starts.ToArray());
    }

    /// <summary>State a stage keeps between documents belongs to the task's view or step, never to a thread: no
    /// [ThreadStatic] field is left in the library.</summary>
    [Fact]
    public void TheLibraryHasNoThreadStaticState()
    {
        var fields = typeof(TextView).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => f.IsDefined(typeof(ThreadStaticAttribute)))
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}")
            .ToList();
        Assert.Empty(fields);
    }
}
