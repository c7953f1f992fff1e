namespace DataPipe.Training.Planning;

/// <summary>One training run: parameters N, tokens D, final loss L.</summary>
public readonly record struct ScalingRun(double Parameters, double Tokens, double Loss);

/// <summary>
/// Hoffmann et al.'s Approach 3: minimise Σ Huber_δ(LSE(a − α·log N, b − β·log D, e) − log L) over
/// (a, b, e, α, β) with L-BFGS from a grid of starting points, then A = eᵃ, B = eᵇ, E = eᵉ.
/// </summary>
public static class ScalingFit
{
    public const double HuberDelta = 1e-3;

    /// <summary>The paper's grid: α, β ∈ {0, 0.5, …, 2}; e ∈ {−1, −0.5, …, 1}; a, b ∈ {0, 5, …, 25}.</summary>
    public static IEnumerable<double[]> StartingGrid()
    {
        double[] exponents = [0, 0.5, 1, 1.5, 2], es = [-1, -0.5, 0, 0.5, 1], logs = [0, 5, 10, 15, 20, 25];
        foreach (var a in logs)
        foreach (var b in logs)
        foreach (var e in es)
        foreach (var alpha in exponents)
        foreach (var beta in exponents)
            yield return [a, b, e, alpha, beta];
    }

    public static ScalingLaw Fit(IReadOnlyList<ScalingRun> runs, double delta = HuberDelta)
    {
        if (runs.Count < 5) throw new ArgumentException($"a five-parameter fit needs at least 5 runs, got {runs.Count}");
        foreach (var run in runs)
        {
            if (!(run.Parameters > 0 && run.Tokens > 0 && run.Loss > 0) || !double.IsFinite(run.Parameters + run.Tokens + run.Loss))
                throw new ArgumentException($"run (params {run.Parameters}, tokens {run.Tokens}, loss {run.Loss}): every value must be positive and finite");
        }
        var logN = runs.Select(r => Math.Log(r.Parameters)).ToArray();
        var logD = runs.Select(r => Math.Log(r.Tokens)).ToArray();
        var logL = runs.Select(r => Math.Log(r.Loss)).ToArray();
        if (NotIdentifiable(logN, logD) is { } why)
            throw new ArgumentException($"the fit is not identifiable: {why}");
        var starts = StartingGrid().ToArray();
        var results = new (double Value, double[] X)[starts.Length];
        Parallel.For(0, starts.Length, () => new Lbfgs(5), (i, _, lbfgs) =>
        {
            var x = (double[])starts[i].Clone();
            var value = lbfgs.Minimize((p, g) => Objective(p, g, logN, logD, logL, delta), x, maxIterations: 300);
            results[i] = (double.IsFinite(value) ? value : double.PositiveInfinity, x);
            return lbfgs;
        }, _ => { });
        // Ties go to the earliest grid point, so the answer does not depend on thread scheduling.
        var best = results[0];
        foreach (var r in results.Skip(1)) if (r.Value < best.Value) best = r;
        var (a, b, e, alpha, beta) = (best.X[0], best.X[1], best.X[2], best.X[3], best.X[4]);
        var law = new ScalingLaw(Math.Exp(e), Math.Exp(a), Math.Exp(b), alpha, beta);
        if (!double.IsFinite(law.E + law.A + law.B + law.Alpha + law.Beta))
            throw new ArgumentException("the fit did not converge to finite values; add runs that vary N and D independently");
        return law;
    }

    /// <summary>
    /// The law separates N's term from D's only when the runs vary N and D independently: with log D a linear
    /// function of log N (every run at the same D/N, or one size throughout) A/N^α and B/D^β trade off freely and
    /// any α fits. Says why, or null when the runs span both directions.
    /// </summary>
    public static string? NotIdentifiable(IReadOnlyList<double> logN, IReadOnlyList<double> logD)
    {
        double meanN = logN.Average(), meanD = logD.Average();
        double varN = 0, varD = 0, cov = 0;
        for (int i = 0; i < logN.Count; i++)
        {
            double dn = logN[i] - meanN, dd = logD[i] - meanD;
            varN += dn * dn;
            varD += dd * dd;
            cov += dn * dd;
        }
        const double Tiny = 1e-12;
        if (varN <= Tiny * logN.Count) return "every run has the same params; vary the model size";
        if (varD <= Tiny * logD.Count) return "every run has the same tokens; vary the training tokens";
        // 1 − r²: zero when log D = c + k·log N for all runs (e.g. D = 20 N throughout).
        double spread = 1 - cov * cov / (varN * varD);
        if (spread < 1e-6)
        {
            double ratio = Math.Exp(meanD - meanN);
            return FormattableString.Invariant(
                $"tokens are a fixed function of params in every run (D/N ≈ {ratio:G3} throughout), so N's and D's terms cannot be told apart; add runs at other tokens-per-parameter ratios (e.g. D/N = 5 and 80) for the same sizes");
        }
        return null;
    }

    /// <summary>The Huber objective and its gradient with respect to (a, b, e, α, β).</summary>
    internal static double Objective(ReadOnlySpan<double> p, Span<double> gradient, double[] logN, double[] logD, double[] logL, double delta)
    {
        double a = p[0], b = p[1], e = p[2], alpha = p[3], beta = p[4];
        gradient.Clear();
        double total = 0;
        for (var i = 0; i < logN.Length; i++)
        {
            double t1 = a - alpha * logN[i], t2 = b - beta * logD[i], t3 = e;
            var max = Math.Max(t1, Math.Max(t2, t3));
            double e1 = Math.Exp(t1 - max), e2 = Math.Exp(t2 - max), e3 = Math.Exp(t3 - max), sum = e1 + e2 + e3;
            var r = max + Math.Log(sum) - logL[i];
            var abs = Math.Abs(r);
            double dr;
            if (abs <= delta)
            {
                total += 0.5 * r * r;
                dr = r;
            }
            else
            {
                total += delta * (abs - 0.5 * delta);
                dr = delta * Math.Sign(r);
            }
            double w1 = e1 / sum, w2 = e2 / sum, w3 = e3 / sum;
            gradient[0] += dr * w1;
            gradient[1] += dr * w2;
            gradient[2] += dr * w3;
            gradient[3] -= dr * w1 * logN[i];
            gradient[4] -= dr * w2 * logD[i];
        }
        return total;
    }
}
