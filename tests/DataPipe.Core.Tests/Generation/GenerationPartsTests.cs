using DataPipe.Core.Documents;
using DataPipe.Core.Generation;

namespace DataPipe.Core.Tests.Generation;

/// <summary>The generate stage's parts on their own: question/answer parsing, prompt templates, the token bucket.</summary>
public sealed class GenerationPartsTests
{
    [Fact]
    public void QaPairsAreReadInOrderWithMarkersOfEveryDocumentedForm()
    {
        const string answer = """
            Here are three pairs:
            1. **Q:** What does the stage write?
            **A:** Documents with provenance.
            Question 2: Is the key ever logged?
            Answer: No,
            never.
            Q: A question left without an answer
            q: lower case?
            a: also read
            """;
        var pairs = QaParser.Parse(answer);
        Assert.Equal(
            [("What does the stage write?", "Documents with provenance."), ("Is the key ever logged?", "No,\nnever."), ("lower case?", "also read")],
            pairs);
        Assert.Empty(QaParser.Parse("No markers at all.\nA: an answer without a question"));
    }

    [Fact]
    public void TemplatesFillFieldsKeepLiteralBracesAndCountMissingFields()
    {
        var template = PromptTemplate.Parse("t", "Title {title} ({url}) {{literal}} id={id}:\n{text}{missing}");
        var doc = new Document
        {
            Id = "doc-1", Text = "Body.", Url = "https://example.org/a", Position = new SourcePosition(0, 0),
            Metadata = new Dictionary<string, string> { ["title"] = "A page" },
        };
        var missing = new List<string>();
        Assert.Equal("Title A page (https://example.org/a) {literal} id=doc-1:\nBody.", template.Fill(doc, missing.Add));
        Assert.Equal(["missing"], missing);
        Assert.Equal(["title", "url", "id", "text", "missing"], template.Fields);
        Assert.NotEqual(template.Sha256, PromptTemplate.Parse("t", "Title {title}").Sha256);
    }

    [Theory]
    [InlineData("open {text", "never closed")]
    [InlineData("stray } brace", "closes nothing")]
    [InlineData("empty {} field", "is not a field name")]
    public void ABrokenTemplateNamesItsProblem(string text, string expected)
    {
        Assert.Contains(expected, PromptTemplate.Problem(text));
        Assert.Throws<FormatException>(() => PromptTemplate.Parse("t", text));
    }

    [Fact]
    public async Task TheBucketHoldsOneSecondAndRefillsAtItsRate()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(600, clock); // 10 per second, holds 10
        for (int i = 0; i < 10; i++) Assert.True(bucket.TakeAsync(1, default).IsCompletedSuccessfully);
        var eleventh = bucket.TakeAsync(1, default);
        Assert.False(eleventh.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(eleventh.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(60));
        await eleventh.WaitAsync(TimeSpan.FromSeconds(10));

        // An estimate settled against the truth: units given back are taken at once; units owed are waited for.
        bucket.Correct(-5);
        for (int i = 0; i < 5; i++) Assert.True(bucket.TakeAsync(1, default).IsCompletedSuccessfully);
        Assert.False(bucket.TakeAsync(1, default).IsCompleted);
    }

    /// <summary>A clock the test moves by hand; timers fire when it passes their due time.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly List<ManualTimer> _timers = [];
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        public void Advance(TimeSpan by)
        {
            Interlocked.Add(ref _ticks, by.Ticks);
            List<ManualTimer> due;
            lock (_timers) due = _timers.Where(t => t.Due <= _ticks).ToList();
            foreach (var t in due) t.Fire();
        }

        private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
        {
            public long Due { get; private set; } = long.MaxValue;

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                lock (clock._timers)
                {
                    clock._timers.Remove(this);
                    if (dueTime == Timeout.InfiniteTimeSpan) return true;
                    Due = clock.GetTimestamp() + dueTime.Ticks;
                    clock._timers.Add(this);
                }
                return true;
            }

            public void Fire()
            {
                lock (clock._timers) clock._timers.Remove(this);
                callback(state);
            }

            public void Dispose()
            {
                lock (clock._timers) clock._timers.Remove(this);
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
