using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataPipe.Benchmarks.Pipeline;

/// <summary>
/// <c>slurm-overhead CLI.dll [pipeline.yaml]</c>: the same build with the local executor and under the local Slurm
/// (scripts/slurm.sh start), wall time of each and the difference. The issue's bar: Slurm ≤ local + 30 s.
/// Without a pipeline file it builds 8 generated JSONL shards (about 64 MB) with <c>write_documents</c>.
/// </summary>
public static class SlurmOverheadBench
{
    private const double AllowedOverheadSeconds = 30;

    public static int Run(string[] args)
    {
        string cli = Path.GetFullPath(args.Length > 0 ? args[0] : "src/DataPipe.Cli/bin/Release/net10.0/datapipe.dll");
        string work = Path.Combine(Path.GetTempPath(), "datapipe-bench-slurm");
        Directory.CreateDirectory(work);
        string pipeline = args.Length > 1 ? Path.GetFullPath(args[1]) : GeneratedPipeline(work);

        double local = Time(cli, pipeline, Path.Combine(work, "out-local"), "--executor", "local", "--workers", "2");
        double slurm = Time(cli, pipeline, Path.Combine(work, "out-slurm"), "--executor", "slurm", "--slurm-poll-seconds", "0.5");
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine("| build | executor | wall s |");
        Console.WriteLine("|---|---|---:|");
        Console.WriteLine($"| {Path.GetFileName(pipeline)} | local, 2 workers | {F(local)} |");
        Console.WriteLine($"| {Path.GetFileName(pipeline)} | slurm (local node) | {F(slurm)} |");
        bool ok = slurm <= local + AllowedOverheadSeconds;
        Console.WriteLine($"slurm overhead {F(slurm - local)} s (bar: ≤ {F(AllowedOverheadSeconds)} s): {(ok ? "OK" : "EXCEEDED")}");
        return ok ? 0 : 1;
    }

    private static double Time(string cli, string pipeline, string outDir, params string[] more)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "run", pipeline, "--force", "--out", outDir }.Concat(more)) info.ArgumentList.Add(a);
        info.Environment["CI"] = "true";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', more)} build failed:\n{stdout.Result}\n{stderr.Result}");
        return clock.Elapsed.TotalSeconds;
    }

    private static string GeneratedPipeline(string work)
    {
        string input = Path.Combine(work, "input");
        if (!File.Exists(Path.Combine(input, ".complete")))
        {
            Directory.CreateDirectory(input);
            var random = new Random(11);
            string[] words = "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you".Split(' ');
            for (int f = 0; f < 8; f++)
            {
                using var writer = new StreamWriter(Path.Combine(input, $"part-{f:D2}.jsonl"), false, new UTF8Encoding(false), 1 << 20);
                var text = new StringBuilder();
                for (long written = 0, d = 0; written < 8L << 20; d++)
                {
                    text.Clear();
                    for (int i = 0, n = 100 + random.Next(1000); i < n; i++) text.Append(i == 0 ? "" : " ").Append(words[random.Next(words.Length)]);
                    string line = JsonSerializer.Serialize(new { id = $"f{f}-d{d}", text = text.ToString() });
                    writer.Write(line);
                    writer.Write('\n');
                    written += line.Length + 1;
                }
            }
            File.WriteAllText(Path.Combine(input, ".complete"), "");
        }
        string pipeline = Path.Combine(work, "slurm-bench.yaml");
        File.WriteAllText(pipeline, $"name: slurm-bench\ninputs:\n  - path: {input}/*.jsonl\nstages:\n  - type: write_documents\n");
        return pipeline;
    }
}
