using TorchSharp;
using static TorchSharp.torch;

namespace DataPipe.Training.Model;

/// <summary>The type the forward pass computes in; weights, gradients and optimizer state are fp32 either way.</summary>
public enum ComputePrecision
{
    Fp32,
    Bf16,
}

public static class MixedPrecision
{
    /// <summary>
    /// <c>precision:</c> of train.yaml for a device. <c>auto</c> is bf16 on CUDA (tensor cores, no loss scaling
    /// needed since bf16 has fp32's exponent range) and fp32 on CPU, where bf16 matmuls are only fast with
    /// AVX512-BF16/AMX and fp32 keeps CPU runs bit-reproducible.
    /// </summary>
    public static ComputePrecision Resolve(string setting, Device device) => setting switch
    {
        "fp32" => ComputePrecision.Fp32,
        "bf16" => ComputePrecision.Bf16,
        "auto" => device.type == DeviceType.CUDA ? ComputePrecision.Bf16 : ComputePrecision.Fp32,
        _ => throw new ArgumentException($"precision '{setting}' must be auto, fp32 or bf16", nameof(setting)),
    };

    /// <summary>
    /// bf16 only when <paramref name="selfCheck"/> (normally <see cref="Autocast.SelfCheck"/>) passes: the bindings are
    /// libtorch's C++ functions found by mangled name, which a libtorch upgrade can remove. Otherwise fp32, said in
    /// one log line naming the failure, since a run in fp32 is slower but still right.
    /// </summary>
    public static ComputePrecision Verify(ComputePrecision precision, Func<string?> selfCheck, Action<string> log)
    {
        if (precision != ComputePrecision.Bf16 || selfCheck() is not { } failure) return precision;
        log($"precision: bf16 autocast failed its self-check ({failure}); training in fp32");
        return ComputePrecision.Fp32;
    }

    /// <summary>An autocast region for bf16, nothing for fp32 (<c>using (null)</c> is a no-op).</summary>
    public static Autocast? Enter(ComputePrecision precision, Device device) =>
        precision == ComputePrecision.Bf16 ? Autocast.Enter(device.type, ScalarType.BFloat16) : null;

    public static string Name(ComputePrecision precision) => precision == ComputePrecision.Bf16 ? "bf16" : "fp32";
}
