namespace DataPipe.Training.Planning;

/// <summary>
/// Limited-memory BFGS (two-loop recursion, Armijo backtracking) for small smooth problems such as the
/// five-parameter scaling-law fit. Works on caller-owned arrays; no allocation per iteration.
/// </summary>
public sealed class Lbfgs(int dimension, int memory = 8)
{
    /// <summary>f(x) and its gradient into the given span.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    private readonly double[][] _s = Enumerable.Range(0, memory).Select(_ => new double[dimension]).ToArray();
    private readonly double[][] _y = Enumerable.Range(0, memory).Select(_ => new double[dimension]).ToArray();
    private readonly double[] _rho = new double[memory];
    private readonly double[] _alpha = new double[memory];
    private readonly double[] _g = new double[dimension];
    private readonly double[] _gNew = new double[dimension];
    private readonly double[] _d = new double[dimension];
    private readonly double[] _xNew = new double[dimension];

    /// <summary>Minimises <paramref name="f"/> from <paramref name="x"/> (updated in place); returns the final value.</summary>
    public double Minimize(Objective f, double[] x, int maxIterations = 500, double gradientTolerance = 1e-9)
    {
        var n = x.Length;
        var fx = f(x, _g);
        int stored = 0, head = 0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            if (Norm(_g) < gradientTolerance || !double.IsFinite(fx)) break;
            Direction(stored, head);
            var slope = Dot(_g, _d);
            if (slope >= 0)
            {
                // Not a descent direction (curvature pairs went stale): restart from steepest descent.
                for (var i = 0; i < n; i++) _d[i] = -_g[i];
                slope = Dot(_g, _d);
                stored = 0;
            }
            var step = iteration == 0 && stored == 0 ? Math.Min(1.0, 1.0 / Math.Max(1e-12, Norm(_g))) : 1.0;
            double fNew = double.NaN;
            var accepted = false;
            for (var tries = 0; tries < 40; tries++)
            {
                for (var i = 0; i < n; i++) _xNew[i] = x[i] + step * _d[i];
                fNew = f(_xNew, _gNew);
                if (double.IsFinite(fNew) && fNew <= fx + 1e-4 * step * slope) { accepted = true; break; }
                step *= 0.5;
            }
            if (!accepted) break;
            var slot = (head + stored) % memory;
            if (stored == memory) { slot = head; head = (head + 1) % memory; }
            double sy = 0;
            for (var i = 0; i < n; i++)
            {
                _s[slot][i] = _xNew[i] - x[i];
                _y[slot][i] = _gNew[i] - _g[i];
                sy += _s[slot][i] * _y[slot][i];
            }
            if (sy > 1e-12)
            {
                _rho[slot] = 1.0 / sy;
                if (stored < memory) stored++;
            }
            var improvement = fx - fNew;
            Array.Copy(_xNew, x, n);
            Array.Copy(_gNew, _g, n);
            fx = fNew;
            if (improvement < 1e-15 * Math.Max(1.0, Math.Abs(fx))) break;
        }
        return fx;
    }

    private void Direction(int stored, int head)
    {
        var n = _g.Length;
        for (var i = 0; i < n; i++) _d[i] = -_g[i];
        for (var k = stored - 1; k >= 0; k--)
        {
            var j = (head + k) % _s.Length;
            _alpha[j] = _rho[j] * Dot(_s[j], _d);
            for (var i = 0; i < n; i++) _d[i] -= _alpha[j] * _y[j][i];
        }
        if (stored > 0)
        {
            var last = (head + stored - 1) % _s.Length;
            var gamma = Dot(_s[last], _y[last]) / Math.Max(1e-300, Dot(_y[last], _y[last]));
            for (var i = 0; i < n; i++) _d[i] *= gamma;
        }
        for (var k = 0; k < stored; k++)
        {
            var j = (head + k) % _s.Length;
            var beta = _rho[j] * Dot(_y[j], _d);
            for (var i = 0; i < n; i++) _d[i] += _s[j][i] * (_alpha[j] - beta);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));
}
