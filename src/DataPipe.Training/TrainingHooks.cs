using DataPipe.Training.Data;
using static TorchSharp.torch;

namespace DataPipe.Training;

/// <summary>One micro-batch: the optimizer step it belongs to, where the sampler stood, and the windows it holds.</summary>
public sealed record BatchInfo(int Step, SamplerCursor Cursor, IReadOnlyList<long> Windows);

/// <summary>
/// Observation and fault-injection points for tests and tooling; production runs leave them empty.
/// <see cref="TransformLoss"/> can plant a spike (scale the loss, make it NaN) on chosen windows;
/// <see cref="BeforeOptimizerStep"/> sees exactly the batches whose gradients are about to be applied.
/// </summary>
public sealed class TrainingHooks
{
    public Func<BatchInfo, Tensor, Tensor>? TransformLoss { get; init; }
    public Action<int, IReadOnlyList<BatchInfo>>? BeforeOptimizerStep { get; init; }
    public Action<int, double>? AfterStep { get; init; }

    /// <summary>Stands in for <see cref="Model.Autocast.SelfCheck"/>: a non-null answer simulates a libtorch without the bindings.</summary>
    public Func<string?>? AutocastSelfCheck { get; init; }
}
