namespace DataPipe.Training.Data;

/// <summary>Token shards or manifest that cannot be trained on; the message names the file.</summary>
public sealed class TrainingDataException(string message) : Exception(message);
