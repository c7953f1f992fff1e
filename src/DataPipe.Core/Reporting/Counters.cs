namespace DataPipe.Core.Reporting;

/// <summary>Named counts kept by one task for one stage or reader. Not thread-safe: one per task.</summary>
public sealed class Counters
{
    private readonly SortedDictionary<string, long> _values = new(StringComparer.Ordinal);

    public void Add(string name, long amount = 1)
    {
        _values.TryGetValue(name, out long current);
        _values[name] = current + amount;
    }

    public long Get(string name) => _values.TryGetValue(name, out long v) ? v : 0;

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_values, StringComparer.Ordinal);

    public void AddAll(IReadOnlyDictionary<string, long> other)
    {
        foreach (var (k, v) in other) Add(k, v);
    }
}
