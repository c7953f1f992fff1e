namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// The k best (log-score, label) pairs, kept exactly as fastText keeps them: a binary heap ordered by
/// "greater score first" (so the worst kept is at the front), grown with <c>push_heap</c>, trimmed with
/// <c>pop_heap</c> and finally ordered with <c>sort_heap</c>, following libstdc++'s algorithms step by step.
/// Labels of equal score (common in undertrained or saturated models) then come out in the CLI's order.
/// </summary>
internal sealed class KBest(int capacity)
{
    private float[] _scores = new float[capacity + 1];
    private int[] _labels = new int[capacity + 1];

    public int K { get; private set; }
    public int Count { get; private set; }

    public void Reset(int k)
    {
        if (k + 1 > _scores.Length)
        {
            _scores = new float[k + 1];
            _labels = new int[k + 1];
        }
        K = k;
        Count = 0;
    }

    /// <summary>fastText's <c>heap.size() == k &amp;&amp; score &lt; heap.front().first</c>.</summary>
    public bool Refuses(float score) => Count == K && score < _scores[0];

    /// <summary>push_heap, then pop_heap and pop_back when the heap holds k + 1.</summary>
    public void Offer(float score, int label)
    {
        _scores[Count] = score;
        _labels[Count] = label;
        Count++;
        PushHeap(Count - 1, 0, score, label);
        if (Count > K)
        {
            PopHeap(Count);
            Count--;
        }
    }

    /// <summary>sort_heap (best first), then the CLI's probability <c>exp(score)</c> per label; returns how many.</summary>
    public int CopyTo(Span<FastTextPrediction> into)
    {
        for (int last = Count; last > 1; last--) PopHeap(last);
        int n = Math.Min(Count, into.Length);
        for (int i = 0; i < n; i++) into[i] = new FastTextPrediction(_labels[i], MathF.Exp(_scores[i]));
        return n;
    }

    // libstdc++'s comparator here is comparePairs: "a before b" when a.score > b.score.
    private bool Before(int a, float score) => _scores[a] > score;

    private void PushHeap(int hole, int top, float score, int label)
    {
        int parent = (hole - 1) / 2;
        while (hole > top && Before(parent, score))
        {
            _scores[hole] = _scores[parent];
            _labels[hole] = _labels[parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        _scores[hole] = score;
        _labels[hole] = label;
    }

    /// <summary>pop_heap over [0, length): moves the front to length - 1 and re-heaps the rest.</summary>
    private void PopHeap(int length)
    {
        if (length <= 1) return;
        int result = length - 1;
        float score = _scores[result];
        int label = _labels[result];
        _scores[result] = _scores[0];
        _labels[result] = _labels[0];
        AdjustHeap(0, result, score, label);
    }

    private void AdjustHeap(int hole, int length, float score, int label)
    {
        int top = hole, child = hole;
        while (child < (length - 1) / 2)
        {
            child = 2 * (child + 1);
            if (_scores[child] > _scores[child - 1]) child--;
            _scores[hole] = _scores[child];
            _labels[hole] = _labels[child];
            hole = child;
        }
        if ((length & 1) == 0 && child == (length - 2) / 2)
        {
            child = 2 * (child + 1);
            _scores[hole] = _scores[child - 1];
            _labels[hole] = _labels[child - 1];
            hole = child - 1;
        }
        PushHeap(hole, top, score, label);
    }
}
