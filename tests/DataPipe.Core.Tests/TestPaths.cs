namespace DataPipe.Core.Tests;

public static class TestPaths
{
    /// <summary>The repository root (the folder holding DataPipe.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The built <c>datapipe</c> CLI (same configuration as the tests).</summary>
    public static string CliDll
    {
        get
        {
            string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(RepoRoot, "src", "DataPipe.Cli", "bin", config, "net10.0", "datapipe.dll");
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataPipe.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DataPipe.sln not found above " + AppContext.BaseDirectory);
    }
}
