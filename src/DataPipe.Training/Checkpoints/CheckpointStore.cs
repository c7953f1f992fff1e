using System.Globalization;
using System.Text.Json;
using DataPipe.Core.IO;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPipe.Training.Checkpoints;

/// <summary>
/// Checkpoints as folders <c>step-NNNNNNNN/</c> (model.bin, optim.bin, rng.bin, state.json). A checkpoint is
/// written into a temporary folder and renamed into place, so a crash never leaves a half-written one;
/// only the newest <c>keep</c> are kept.
/// </summary>
public sealed class CheckpointStore(string directory, int keep)
{
    private const string Prefix = "step-";
    // A refused step's loss is NaN or ∞ and is kept in the metrics, so non-finite numbers must round-trip.
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Directory { get; } = directory;

    public string Save(nn.Module model, AdamW optimizer, TrainingState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var final = Path.Combine(Directory, Prefix + state.Step.ToString("D8", CultureInfo.InvariantCulture));
        var temp = final + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
        System.IO.Directory.CreateDirectory(temp);
        model.save(Path.Combine(temp, "model.bin"));
        optimizer.save_state_dict(Path.Combine(temp, "optim.bin"));
        using (var rng = get_rng_state()) File.WriteAllBytes(Path.Combine(temp, "rng.bin"), rng.bytes.ToArray());
        AtomicFile.WriteAllText(Path.Combine(temp, "state.json"), JsonSerializer.Serialize(state, Json));
        if (System.IO.Directory.Exists(final)) System.IO.Directory.Delete(final, recursive: true);
        System.IO.Directory.Move(temp, final);
        Prune();
        return final;
    }

    /// <summary>The newest complete checkpoint folder, or null.</summary>
    public string? Latest() => List().LastOrDefault();

    public IReadOnlyList<string> List()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.GetDirectories(Directory, Prefix + "*")
            .Where(d => !Path.GetFileName(d).Contains(".tmp-", StringComparison.Ordinal) && File.Exists(Path.Combine(d, "state.json")))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public TrainingState Load(string checkpoint, nn.Module model, AdamW optimizer)
    {
        model.load(Path.Combine(checkpoint, "model.bin"));
        optimizer.load_state_dict(Path.Combine(checkpoint, "optim.bin"));
        var bytes = File.ReadAllBytes(Path.Combine(checkpoint, "rng.bin"));
        using (var rng = tensor(bytes, dtype: ScalarType.Byte)) set_rng_state(rng);
        return JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(checkpoint, "state.json")), Json)
            ?? throw new InvalidDataException($"{checkpoint}: empty state.json");
    }

    private void Prune()
    {
        var all = List();
        foreach (var old in all.Take(Math.Max(0, all.Count - keep))) System.IO.Directory.Delete(old, recursive: true);
        foreach (var stale in System.IO.Directory.GetDirectories(Directory, Prefix + "*.tmp-*")) System.IO.Directory.Delete(stale, recursive: true);
    }
}
