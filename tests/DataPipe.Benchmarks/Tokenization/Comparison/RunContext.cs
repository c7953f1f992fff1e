using System.Reflection;
using Microsoft.ML.Tokenizers;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>Where and how the run happened.</summary>
internal sealed record RunContext(string Command, string Cpu, int Cores, string DotnetVersion, string NodeVersion,
    string HfTokenizersVersion, string MicrosoftMlTokenizersVersion, string LoadAtStart, string LoadAfterTraining, string LoadAtEnd)
{
    public static string VersionOf(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];

    public static string MicrosoftMlVersion() => VersionOf(typeof(TiktokenTokenizer).Assembly);
}
