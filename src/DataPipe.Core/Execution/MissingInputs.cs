using System.Globalization;

namespace DataPipe.Core.Execution;

/// <summary>
/// The verdict on a build's missing input shards (a listed path that does not exist, a URL answering 404): within
/// the pipeline's <c>max_missing_fraction</c> the build succeeds; over it the build fails — after everything else
/// ran, so the report shows what the present shards gave. The default limit 0.0 fails on any missing shard, so a
/// nightly job whose inputs vanished goes red instead of publishing a silently smaller corpus.
/// </summary>
public sealed record MissingInputs(int Missing, int Shards, double Limit)
{
    /// <summary>How many missing shards the limit allows (a hair of slack so 0.01 × 300 allows 3, not 2).</summary>
    public int Allowed => (int)Math.Floor(Limit * Shards + 1e-9);

    public bool WithinLimit => Missing <= Allowed;

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"missing inputs: {Missing} of {Shards} shards ({Percent(Missing)}), limit max_missing_fraction {Limit:0.####} allows {Allowed}{Verdict}");

    private string Verdict => WithinLimit ? "" : ": over the limit, the build failed (see inputs.missing in report.json; raise max_missing_fraction to accept it)";

    private string Percent(int n) => Shards == 0 ? "0 %" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / Shards:0.##} %");
}
