namespace DataPipe.Training.Data;

/// <summary>Where a <see cref="WindowSampler"/> stands: saved in checkpoints so a resumed run reads the same windows.</summary>
public readonly record struct SamplerCursor(int Epoch, long Position) : IComparable<SamplerCursor>
{
    public int CompareTo(SamplerCursor other) => Epoch != other.Epoch ? Epoch.CompareTo(other.Epoch) : Position.CompareTo(other.Position);

    public override string ToString() => $"{Epoch}:{Position}";
}

/// <summary>
/// Visits every window exactly once per epoch in a seeded random order (a fresh permutation each epoch),
/// from a cursor that can be saved and restored.
/// </summary>
public sealed class WindowSampler
{
    private readonly int _seed;
    private long[] _order;

    public long WindowCount { get; }
    public SamplerCursor Cursor { get; private set; }

    public WindowSampler(long windowCount, int seed, SamplerCursor start = default)
    {
        if (windowCount <= 0) throw new TrainingDataException("the training data holds no full window: lower seq_len or add data");
        if (windowCount > Array.MaxLength) throw new TrainingDataException($"{windowCount} windows are more than one epoch permutation can hold");
        WindowCount = windowCount;
        _seed = seed;
        if (start.Position < 0 || start.Position > windowCount) throw new ArgumentOutOfRangeException(nameof(start));
        Cursor = start;
        _order = Permutation(start.Epoch);
    }

    /// <summary>The next window index; the cursor moves on (to the next epoch after the last window).</summary>
    public long Next()
    {
        if (Cursor.Position == WindowCount)
        {
            Cursor = new SamplerCursor(Cursor.Epoch + 1, 0);
            _order = Permutation(Cursor.Epoch);
        }
        var window = _order[Cursor.Position];
        Cursor = Cursor with { Position = Cursor.Position + 1 };
        return window;
    }

    /// <summary>Moves the cursor to <paramref name="cursor"/> (e.g. after a rollback).</summary>
    public void Seek(SamplerCursor cursor)
    {
        if (cursor.Epoch != Cursor.Epoch) _order = Permutation(cursor.Epoch);
        Cursor = cursor;
    }

    private long[] Permutation(int epoch)
    {
        var order = new long[WindowCount];
        for (long i = 0; i < order.LongLength; i++) order[i] = i;
        // System.Random with an explicit seed is a fixed algorithm, so the order is the same on every run and machine
        // (HashCode.Combine is not: it is randomized per process).
        var random = new Random(unchecked(_seed * 1_000_003 + epoch));
        for (var i = order.LongLength - 1; i > 0; i--)
        {
            var j = random.NextInt64(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
