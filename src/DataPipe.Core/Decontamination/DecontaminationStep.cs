using System.Text;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Decontamination;

/// <summary>Drops or cuts the documents of one task that hold eval n-grams, and records what they matched.</summary>
internal sealed class DecontaminationStep : IDocumentStep
{
    public const string Contaminated = "contaminated";
    public const string TooManyCuts = "too_many_cuts";
    public const string TooShortAfterCut = "too_short_after_cut";

    /// <summary>Characters of document text kept on each side of a match in a sample.</summary>
    private const int SampleContext = 100;

    private readonly ContaminationMatcher _matcher;
    private readonly DecontaminationOptions _options;
    private readonly Counters _counters;
    private readonly string _matchesPath;
    private readonly ShardMatches _matches;
    private readonly int[] _firstHitOfSet;
    private readonly List<int> _touched = [];
    private readonly List<(int Start, int End)> _regions = [];
    private readonly StringBuilder _cutText = new();

    public DecontaminationStep(EvalIndex index, DecontaminationOptions options, Counters counters, string matchesPath)
    {
        _matcher = new ContaminationMatcher(index, options.Normalization);
        _options = options;
        _counters = counters;
        _matchesPath = matchesPath;
        _matches = ShardMatches.Empty(index.Sets.Count);
        _firstHitOfSet = new int[index.Sets.Count];
        Array.Fill(_firstHitOfSet, -1);
    }

    public StepResult Process(Document document, TextView text)
    {
        var hits = _matcher.Find(document.Text);
        if (hits.Count == 0) return StepResult.Keep(document);
        ResetTouched();
        bool anyStrong = false;
        for (int h = 0; h < hits.Count; h++)
        {
            var entry = hits[h].Entry;
            var set = _matches.Sets[entry.Set];
            if (entry.CoversAnswer) set.HitsAnswer++; else set.HitsStemOnly++;
            if (_options.RequireAnswer && !entry.CoversAnswer) continue;
            anyStrong = true;
            set.Items.Add(entry.Item);
            // The sample shows the strongest evidence: the first hit that spans the answer, else the first hit.
            if (_firstHitOfSet[entry.Set] < 0)
            {
                _firstHitOfSet[entry.Set] = h;
                _touched.Add(entry.Set);
            }
            else if (entry.CoversAnswer && !hits[_firstHitOfSet[entry.Set]].Entry.CoversAnswer) _firstHitOfSet[entry.Set] = h;
        }
        if (!anyStrong)
        {
            _counters.Add("kept_stem_only_matches");
            return StepResult.Keep(document);
        }
        return _options.Mode == DecontaminationMode.Drop ? Drop(document, hits, Contaminated) : Cut(document, hits);
    }

    private StepResult Drop(Document document, IReadOnlyList<ContaminationHit> hits, string reason)
    {
        foreach (int s in _touched)
        {
            _matches.Sets[s].DocsDropped++;
            Sample(document, hits[_firstHitOfSet[s]], s, reason);
        }
        return StepResult.Drop(reason);
    }

    private StepResult Cut(Document document, IReadOnlyList<ContaminationHit> hits)
    {
        var words = _matcher.Words;
        string text = document.Text;
        _regions.Clear();
        foreach (var hit in hits)
        {
            if (_options.RequireAnswer && !hit.Entry.CoversAnswer) continue;
            int start = Math.Max(0, words.Start(hit.FirstWord) - _options.Margin);
            int end = Math.Min(text.Length, words.End(hit.FirstWord + hit.Length - 1) + _options.Margin);
            if (_regions.Count > 0 && start <= _regions[^1].End) _regions[^1] = (_regions[^1].Start, Math.Max(end, _regions[^1].End));
            else _regions.Add((start, end));
        }
        // Hits come in word order, so region starts never decrease: merging into the last region is enough.
        if (_regions.Count > _options.MaxCuts) return Drop(document, hits, TooManyCuts);

        _cutText.Clear();
        int at = 0;
        foreach (var (start, end) in _regions)
        {
            AppendPiece(text.AsSpan(at, start - at));
            at = end;
        }
        AppendPiece(text.AsSpan(at));
        if (_cutText.Length < _options.MinChars) return Drop(document, hits, TooShortAfterCut);

        _counters.Add("docs_cut");
        _counters.Add("cuts", _regions.Count);
        foreach (int s in _touched)
        {
            _matches.Sets[s].DocsCut++;
            Sample(document, hits[_firstHitOfSet[s]], s, "cut");
        }
        return StepResult.Keep(document with { Text = _cutText.ToString() });
    }

    /// <summary>What is left between cuts, trimmed, pieces joined by a blank line.</summary>
    private void AppendPiece(ReadOnlySpan<char> piece)
    {
        piece = piece.Trim();
        if (piece.IsEmpty) return;
        if (_cutText.Length > 0) _cutText.Append("\n\n");
        _cutText.Append(piece);
    }

    private void Sample(Document document, ContaminationHit hit, int set, string action)
    {
        var samples = _matches.Sets[set].Samples;
        if (samples.Count >= _options.Samples) return;
        var words = _matcher.Words;
        int start = Math.Max(0, words.Start(hit.FirstWord) - SampleContext);
        int end = Math.Min(document.Text.Length, words.End(hit.FirstWord + hit.Length - 1) + SampleContext);
        var item = _matcher.Index.Items[hit.Entry.Set][hit.Entry.Item];
        samples.Add(new MatchSample(_matcher.Index.Sets[set].Name, item.Index, item.Text, hit.Entry.CoversAnswer, action,
            document.Id, document.Url, document.Text[start..end]));
    }

    private void ResetTouched()
    {
        foreach (int s in _touched) _firstHitOfSet[s] = -1;
        _touched.Clear();
    }

    public void Complete() => _matches.Write(_matchesPath);

    public void Dispose() { }
}
