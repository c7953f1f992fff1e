namespace DataPipe.Core.Tokenization.Learning;

/// <summary>The intermediate files of a <c>train_tokenizer</c> stage, under its work folder <c>passes/&lt;stage&gt;/</c>.</summary>
internal sealed class LearningPaths(string stageDirectory)
{
    /// <summary>One shard's pre-token counts (no byte budget).</summary>
    public string Counts(int shard) => Path.Combine(stageDirectory, "counts", $"shard-{shard:D5}.bin");

    /// <summary>One shard's sample candidates with their text (with a byte budget).</summary>
    public string Sample(int shard) => Path.Combine(stageDirectory, "sample", $"shard-{shard:D5}.bin");
}
