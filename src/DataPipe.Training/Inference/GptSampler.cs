using DataPipe.Core.Tokenization;
using DataPipe.Core.Tokenization.Files;
using TorchSharp;
using DataPipe.Training.Checkpoints;
using DataPipe.Training.Data;
using DataPipe.Training.Model;
using static TorchSharp.torch;

namespace DataPipe.Training.Inference;

/// <summary>
/// A trained GPT from a run folder's newest checkpoint, with its tokenizer, drawing continuations. Sampling is done
/// in fp32 on the CPU from the logits with its own seeded generator, so one (prompt, options) gives one text.
/// Not thread-safe: a server serializes calls.
/// </summary>
public sealed class GptSampler : IDisposable
{
    private readonly Gpt _model;
    private readonly TextTokenizer _tokenizer;
    private readonly Device _device;

    private GptSampler(Gpt model, TextTokenizer tokenizer, ModelCard card, string checkpoint, Device device)
    {
        _model = model;
        _tokenizer = tokenizer;
        _device = device;
        Card = card;
        Checkpoint = checkpoint;
    }

    public ModelCard Card { get; }

    public string Checkpoint { get; }

    public static GptSampler Load(string runDirectory, string? device = null)
    {
        var card = ModelCard.Read(runDirectory);
        var store = new CheckpointStore(Path.Combine(runDirectory, "checkpoints"), keep: int.MaxValue);
        string checkpoint = store.Latest() ?? throw new TrainingDataException($"{runDirectory}: no checkpoint to load (the run saved none yet)");
        TextTokenizer tokenizer;
        try
        {
            tokenizer = TokenizerResolver.Resolve(card.Tokenizer, runDirectory);
        }
        catch (FileNotFoundException e)
        {
            throw new TrainingDataException($"{Path.Combine(runDirectory, ModelCard.FileName)}: {e.Message}");
        }
        if (tokenizer.VocabSize > card.VocabSize)
            throw new TrainingDataException($"tokenizer {card.Tokenizer} has {tokenizer.VocabSize} ids but the model only {card.VocabSize}");
        var target = new Device(device ?? (cuda.is_available() ? "cuda" : "cpu"));
        var model = new Gpt(card.ToConfig());
        model.load(Path.Combine(checkpoint, "model.bin"));
        model.to(target);
        model.eval();
        return new GptSampler(model, tokenizer, card, checkpoint, target);
    }

    public Completion Complete(string prompt, SamplingOptions options)
    {
        options.Validate();
        var ids = new List<int>(_tokenizer.Encode(prompt).ToArray());
        if (ids.Count == 0) ids.Add(Card.EosId); // an empty prompt starts a document
        int promptTokens = ids.Count;
        var random = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
        var probabilities = new float[Card.VocabSize];
        var generated = new List<int>();
        string text = "";
        string finish = "length";
        using var _ = no_grad();
        for (int step = 0; step < options.MaxTokens; step++)
        {
            int window = Math.Min(ids.Count, Card.ContextLength);
            using (var scope = NewDisposeScope())
            {
                var input = tensor(ids.GetRange(ids.Count - window, window).Select(i => (long)i).ToArray(), dtype: ScalarType.Int64, device: _device).unsqueeze(0);
                var logits = _model.forward(input)[0, window - 1].to(ScalarType.Float32).cpu();
                logits.data<float>().CopyTo(probabilities);
            }
            int next = Draw(probabilities, options, random);
            if (next == Card.EosId) { finish = "stop"; break; }
            ids.Add(next);
            generated.Add(next);
            text = _tokenizer.Decode(generated.ToArray());
            if (StopAt(text, options.Stop) is { } cut) { text = text[..cut]; finish = "stop"; break; }
        }
        return new Completion(text, promptTokens, generated.Count, finish);
    }

    /// <summary>Greedy at temperature 0; otherwise softmax(logits / T), keep the smallest set of ids whose probability
    /// reaches top_p (ties broken by id, so the draw is deterministic), and draw from it.</summary>
    internal static int Draw(float[] logits, SamplingOptions options, Random random)
    {
        if (options.Temperature == 0) return ArgMax(logits);
        double max = logits.Max();
        var weights = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += weights[i] = Math.Exp((logits[i] - max) / options.Temperature);
        var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).ToArray();
        double kept = 0;
        int count = 0;
        while (count < order.Length && (count == 0 || kept < options.TopP * sum)) kept += weights[order[count++]];
        double r = random.NextDouble() * kept;
        for (int k = 0; k < count; k++)
        {
            r -= weights[order[k]];
            if (r <= 0) return order[k];
        }
        return order[count - 1];
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static int? StopAt(string text, IReadOnlyList<string>? stops)
    {
        if (stops is null) return null;
        int? first = null;
        foreach (var stop in stops)
        {
            if (string.IsNullOrEmpty(stop)) continue;
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first is null || at < first)) first = at;
        }
        return first;
    }

    public void Dispose() => _model.Dispose();
}
