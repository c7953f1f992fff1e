namespace DataPipe.Training.Tests;

/// <summary>libtorch's thread count and RNG are process-wide, so tests that use torch run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
