using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using DataPipe.Training;
using DataPipe.Training.Config;
using DataPipe.Training.Data;

namespace DataPipe.Cli.Commands.Training;

/// <summary><c>datapipe train train.yaml --tokens DIR [--resume]</c>: pretrain the GPT on token shards.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("config") { Description = "Training file (YAML), e.g. pipelines/train.yaml" };
        var tokens = new Option<string>("--tokens") { Description = "Token shard folder (holds manifest.json)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from the last checkpoint in the output folder" };
        var device = new Option<string?>("--device") { Description = "auto (CUDA when available), cpu or cuda; overrides the file" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var precision = new Option<string?>("--precision") { Description = "auto (bf16 autocast on CUDA, fp32 on CPU), fp32 or bf16; overrides the file" };
        precision.AcceptOnlyFromAmong("auto", "fp32", "bf16");
        var output = new Option<string?>("--out", "-o") { Description = "Output folder; overrides the file's 'out'" };
        var force = new Option<bool>("--force") { Description = "Replace an earlier run in the output folder (removes its checkpoints, metrics, summary and plot)" };
        var command = new Command("train", "Pretrain a GPT on token shards (spike-safe, resumable)") { file, tokens, resume, force, device, precision, output };
        command.SetAction(result => Execute(result.GetValue(file)!, result.GetValue(tokens)!, result.GetValue(resume), result.GetValue(force),
            result.GetValue(device), result.GetValue(precision), result.GetValue(output)));
        return command;
    }

    private static int Execute(string configFile, string tokens, bool resume, bool force, string? device, string? precision, string? output)
    {
        if (resume && force)
        {
            Console.Error.WriteLine("error: --resume continues the earlier run and --force replaces it: give one of them");
            return ExitCodes.ConfigError;
        }
        TrainConfig config;
        try
        {
            config = TrainConfig.Load(configFile);
            if (output is not null) config.Out = output;
            if (precision is not null) config.Precision = precision;
        }
        catch (TrainConfigException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.ConfigError;
        }

        var earlier = EarlierRun.In(config.Out);
        if (earlier.Exists && !resume && !force)
        {
            Console.Error.WriteLine($"error: {config.Out} holds an earlier run ({string.Join(", ", earlier.Found)}): continue it with --resume, or replace it with --force, or choose another --out");
            return ExitCodes.ConfigError;
        }
        if (earlier.Exists && force) Log(earlier.Remove());

        bool outExisted = Directory.Exists(config.Out);
        bool succeeded = false;
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cancel.Cancel();
        });
        try
        {
            var result = new Trainer(config, tokens, Log).Run(resume, device, cancel.Token);
            var s = result.Summary;
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"done: {s.Steps} steps, N = {s.Parameters:N0} parameters, D = {s.TokensSeen:N0} tokens, D/N = {s.TokensPerParameter:F2} (Chinchilla: 20), C ≈ 6ND = {s.TrainingFlops:0.00e+00} FLOPs, {s.Precision} on {s.Device}"));
            Console.WriteLine(string.Create(c, $"loss: train {s.FinalTrainLoss:F4}, validation {(s.FinalValLoss is { } v ? v.ToString("F4", c) : "n/a")}, ln(vocab) = {s.LnVocab:F4}; rollbacks {s.Rollbacks}; {s.Seconds:F1} s"));
            Console.WriteLine($"outputs: {Path.Combine(result.OutDirectory, "metrics.csv")}, loss.png, summary.json, checkpoints/");
            succeeded = true;
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted: run again with --resume to continue from the last checkpoint");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is TrainingDataException or TrainConfigException or TrainingDivergedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return e is TrainingDivergedException ? ExitCodes.Failed : ExitCodes.ConfigError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            if (!succeeded && !outExisted) RemoveIfEmpty(config.Out);
        }
    }

    /// <summary>A run that failed before writing anything leaves no empty folder behind (a checkpoint is kept for --resume).</summary>
    private static void RemoveIfEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        catch (IOException)
        {
            // Best effort: the error that ended the run is the one to report.
        }
    }

    private static void Log(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
