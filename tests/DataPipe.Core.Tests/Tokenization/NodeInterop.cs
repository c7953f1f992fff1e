using System.Diagnostics;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary>Runs the scripts in tests/interop/tokenizers (npm tokenizers, apache-arrow) as independent checkers.</summary>
public static class NodeInterop
{
    public static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "interop", "tokenizers");

    public static string Run(string script, params string[] args)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
            throw new InvalidOperationException($"{Folder}/node_modules is missing: run `make interop-deps` (npm ci) first");
        var info = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"node {script} failed: {stderr}");
        return stdout.Result;
    }
}
