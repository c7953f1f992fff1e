namespace DataPipe.Training;

/// <summary>The stability guard rolled back more often than allowed: the run is unstable, not unlucky.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
