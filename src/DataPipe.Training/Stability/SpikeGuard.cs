namespace DataPipe.Training.Stability;

/// <summary>Why a step was refused.</summary>
public enum SpikeKind
{
    None,
    NonFiniteLoss,
    NonFiniteGradient,
    LossSpike,
}

/// <summary>
/// Decides whether a step's loss and gradient norm are healthy: NaN/Inf is always a spike; a finite loss is
/// one when it exceeds <c>Factor</c> × the median of the last <c>Window</c> accepted losses (checked once
/// <c>MinHistory</c> losses are known, so the steep early descent is never mistaken for trouble).
/// </summary>
public sealed class SpikeGuard(double factor, int window, int minHistory)
{
    private readonly List<double> _recent = [];

    public IReadOnlyList<double> Recent => _recent;

    public SpikeKind Check(double loss, double gradNorm)
    {
        if (!double.IsFinite(loss)) return SpikeKind.NonFiniteLoss;
        if (!double.IsFinite(gradNorm)) return SpikeKind.NonFiniteGradient;
        if (factor > 0 && _recent.Count >= minHistory && loss > factor * Median()) return SpikeKind.LossSpike;
        return SpikeKind.None;
    }

    /// <summary>Records an accepted step's loss.</summary>
    public void Accept(double loss)
    {
        _recent.Add(loss);
        if (_recent.Count > window) _recent.RemoveAt(0);
    }

    public void Restore(IEnumerable<double> recent)
    {
        _recent.Clear();
        _recent.AddRange(recent.TakeLast(window));
    }

    public double Median()
    {
        if (_recent.Count == 0) return double.NaN;
        var sorted = _recent.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
