using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DataPipe.Core.Tests.Classification;

/// <summary>Debian's fastText CLI (the reference C++ implementation, 0.9.2) as the oracle, and the fetched lid.176.ftz.</summary>
public static class FastTextCli
{
    public const string Executable = "/usr/bin/fasttext";

    public static string LidModel { get; } = Path.Combine(TestPaths.RepoRoot, "models", "lid.176.ftz");

    public static string? MissingReason =>
        !File.Exists(Executable) ? "Debian's fastText CLI is missing (`apt-get install fasttext`; .ci/run installs it)"
        : !File.Exists(LidModel) ? $"{LidModel} is missing (`make models`; make test fetches it)"
        : null;

    public sealed record Label(string Name, float Probability);

    /// <summary><c>fasttext predict-prob MODEL - K</c> over the lines; one list of labels per line.</summary>
    public static List<List<Label>> PredictProb(string model, IReadOnlyList<string> lines, int k)
    {
        string input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, string.Concat(lines.Select(l => l + "\n")), new UTF8Encoding(false));
            string output = Run($"predict-prob {model} {input} {k}");
            var result = new List<List<Label>>();
            foreach (string line in output.Split('\n'))
            {
                if (result.Count == lines.Count) break;
                var labels = new List<Label>();
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i + 1 < parts.Length; i += 2)
                    labels.Add(new Label(parts[i], float.Parse(parts[i + 1], CultureInfo.InvariantCulture)));
                result.Add(labels);
            }
            Assert.Equal(lines.Count, result.Count);
            return result;
        }
        finally
        {
            File.Delete(input);
        }
    }

    public static string Run(string arguments)
    {
        var psi = new ProcessStartInfo(Executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("fasttext did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"fasttext {arguments} exited {process.ExitCode}: {stderr.Result}");
        return stdout;
    }
}

/// <summary>A fact that needs the fastText CLI and the fetched model; skipped, saying what is missing, without them.</summary>
public sealed class FastTextOracleFactAttribute : FactAttribute
{
    public FastTextOracleFactAttribute()
    {
        if (FastTextCli.MissingReason is { } reason) Skip = reason;
    }
}
