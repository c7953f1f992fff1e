namespace DataPipe.Training.Inference;

/// <summary>How a continuation is drawn: at most <paramref name="MaxTokens"/> new tokens, softmax at
/// <paramref name="Temperature"/> (0 = greedy), nucleus <paramref name="TopP"/>, a seed for the draw, and text that ends it.</summary>
public sealed record SamplingOptions(int MaxTokens = 64, double Temperature = 1.0, double TopP = 1.0, long Seed = 0, IReadOnlyList<string>? Stop = null)
{
    public void Validate()
    {
        if (MaxTokens < 0) throw new ArgumentException("max_tokens must be 0 or more");
        if (!(Temperature >= 0) || !double.IsFinite(Temperature)) throw new ArgumentException("temperature must be a number of 0 or more");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException("top_p must be in (0, 1]");
    }
}

/// <summary>A continuation, its token counts and why it ended (<c>stop</c>: EOS or a stop sequence; <c>length</c>: max_tokens or the context).</summary>
public sealed record Completion(string Text, int PromptTokens, int CompletionTokens, string FinishReason);
