using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DataPipe.Core.Tokenization.Files;

namespace DataPipe.Training.Tests;

/// <summary>The real <c>datapipe</c> process, as the serve and generate tests run it.</summary>
internal static class DatapipeCli
{
    public static readonly string Dll = FindCli();

    private static string FindCli()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "DataPipe.sln"))) dir = Path.GetDirectoryName(dir)!;
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(dir, "src", "DataPipe.Cli", "bin", config, "net10.0", "datapipe.dll");
    }

    public static Process Start(params string[] args) => Start(null, args);

    /// <param name="environment">Variables added to this process's environment (e.g. an API key).</param>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return Process.Start(info)!;
    }

    public static (int Code, string Out, string Err) Run(params string[] args) => Run(null, args);

    public static (int Code, string Out, string Err) Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    /// <summary>A TCP port nobody listens on right now (the OS picks it; closed again at once).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>A GPT small enough to train in seconds on CPU, on GPT-2 tokens of a few repeated sentences.</summary>
internal static class TinyModel
{
    public static string Train(TempDirectory dir)
    {
        var gpt2 = PretrainedEncodings.Load("gpt2");
        string[] lines =
        [
            "The river runs past the mill and the mill turns all day long.",
            "A farmer walks to the field at dawn and comes home at dusk.",
            "The river runs past the mill and the miller sings a song.",
        ];
        var docs = Enumerable.Range(0, 30).Select(i => gpt2.Encode(lines[i % lines.Length] + " " + lines[(i + 1) % lines.Length]).ToArray()).ToList();
        string tokens = TestShards.Write(dir.Combine("tokens"), gpt2.VocabSize, gpt2.EosId, [docs.Take(20).ToList(), docs.Skip(20).ToList()], tokenizer: "gpt2");
        string yaml = dir.Combine("train.yaml");
        File.WriteAllText(yaml, "threads: 1\nmodel: {layers: 1, heads: 2, dim: 32}\ndata: {seq_len: 32, batch_size: 4, eval_interval: 10}\noptim: {max_steps: 20, warmup_steps: 2, lr: 0.01}\ncheckpoint: {every: 10, keep: 1}\n");
        var (code, stdout, stderr) = DatapipeCli.Run("train", yaml, "--tokens", tokens, "--out", dir.Combine("run"), "--device", "cpu");
        Assert.True(code == 0, stderr + stdout);
        Assert.True(File.Exists(dir.Combine("run", "model.json")));
        return dir.Combine("run");
    }
}

/// <summary><c>datapipe serve</c> running on 127.0.0.1 until disposed (or killed by the test).</summary>
internal sealed class ServedModel : IDisposable
{
    private readonly Process _process;

    private ServedModel(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c>; the OpenAI base URL is this plus <c>/v1</c>.</summary>
    public string Url { get; }

    public static async Task<ServedModel> StartAsync(string run, int port = 0, string name = "tiny")
    {
        var process = DatapipeCli.Start("serve", "--model", run, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", name, "--device", "cpu");
        string? first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (first is null || !first.StartsWith("serving " + name, StringComparison.Ordinal))
        {
            if (!process.HasExited) process.Kill();
            throw new InvalidOperationException($"serve did not start: {first} {await process.StandardError.ReadToEndAsync()}");
        }
        return new ServedModel(process, first[first.LastIndexOf("http://", StringComparison.Ordinal)..].Trim());
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
