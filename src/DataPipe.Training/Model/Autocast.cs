using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPipe.Training.Model;

/// <summary>
/// A libtorch autocast region, the same state switch Python's <c>with torch.autocast(device, dtype):</c> makes.
/// Inside it libtorch's dispatcher runs matmul-class ops (linear, bmm, attention) in the reduced type and keeps
/// precision-sensitive ops (softmax, layer_norm, losses) in fp32; parameters stay fp32, so autograd returns fp32
/// gradients to fp32 master weights. Dispose restores the previous state, as Python's <c>__exit__</c> does.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 binds none of this (no <c>torch.autocast</c>, no THS export for it), so the region calls the
/// <c>at::autocast</c> functions of the already-loaded <c>libtorch_cpu.so</c> directly. They are C++ functions,
/// found by their Itanium-mangled names; a mangled name encodes every parameter type, so a libtorch whose
/// signatures differ fails to resolve here (<see cref="NotSupportedException"/>) instead of being called wrongly.
/// The state is thread-local in libtorch, so a region covers only work issued from the thread that entered it.
/// </remarks>
public sealed class Autocast : IDisposable
{
    private readonly sbyte _device;
    private readonly byte _previousEnabled;
    private readonly sbyte _previousDtype;
    private readonly byte _previousCacheEnabled;
    private bool _disposed;

    private Autocast(DeviceType device, ScalarType dtype)
    {
        var api = Api.Instance;
        _device = (sbyte)device;
        unsafe
        {
            _previousCacheEnabled = api.IsCacheEnabled();
            _previousEnabled = api.IsEnabled(_device);
            _previousDtype = api.GetDtype(_device);
            api.SetEnabled(_device, 1);
            api.SetDtype(_device, (sbyte)dtype);
            api.IncrementNesting();
            // Casts of the fp32 weights are reused for the rest of the region (one forward) and dropped on exit.
            api.SetCacheEnabled(1);
        }
    }

    /// <summary>Starts a region in which ops on <paramref name="device"/> tensors autocast to <paramref name="dtype"/>.</summary>
    public static Autocast Enter(DeviceType device, ScalarType dtype) => new(device, dtype);

    /// <summary>Whether autocast is on for <paramref name="device"/> on the calling thread.</summary>
    public static bool IsEnabled(DeviceType device)
    {
        unsafe
        {
            return Api.Instance.IsEnabled((sbyte)device) != 0;
        }
    }

    /// <summary>
    /// Resolves the bindings and runs one tiny linear inside a CPU bf16 region: null when it ran in bf16 and the state
    /// was restored, else what failed. Cached: the answer cannot change within a process.
    /// </summary>
    public static string? SelfCheck() => Check.Value;

    private static readonly Lazy<string?> Check = new(RunSelfCheck);

    private static string? RunSelfCheck()
    {
        try
        {
            using var scope = NewDisposeScope();
            var x = ones(2, 4);
            var w = ones(3, 4);
            ScalarType inside;
            using (Enter(DeviceType.CPU, ScalarType.BFloat16)) inside = nn.functional.linear(x, w).dtype;
            if (inside != ScalarType.BFloat16) return $"a linear inside the region computed in {inside}, not BFloat16";
            if (IsEnabled(DeviceType.CPU)) return "leaving the region did not restore the autocast state";
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        var api = Api.Instance;
        unsafe
        {
            if (api.DecrementNesting() == 0) api.ClearCache();
            api.SetEnabled(_device, _previousEnabled);
            api.SetDtype(_device, _previousDtype);
            api.SetCacheEnabled(_previousCacheEnabled);
        }
    }

    /// <summary>The <c>at::autocast</c> entry points (libtorch 2.10; c10::DeviceType and ScalarType are int8 enums, bool is one byte).</summary>
    private sealed unsafe class Api
    {
        private static readonly Lazy<Api> Lazy = new(() => new Api());
        public static Api Instance => Lazy.Value;

        public readonly delegate* unmanaged<sbyte, byte> IsEnabled;
        public readonly delegate* unmanaged<sbyte, byte, void> SetEnabled;
        public readonly delegate* unmanaged<sbyte, sbyte> GetDtype;
        public readonly delegate* unmanaged<sbyte, sbyte, void> SetDtype;
        public readonly delegate* unmanaged<int> IncrementNesting;
        public readonly delegate* unmanaged<int> DecrementNesting;
        public readonly delegate* unmanaged<void> ClearCache;
        public readonly delegate* unmanaged<byte> IsCacheEnabled;
        public readonly delegate* unmanaged<byte, void> SetCacheEnabled;

        private Api()
        {
            var library = LoadTorchCpu();
            IsEnabled = (delegate* unmanaged<sbyte, byte>)Export(library, "_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE");
            SetEnabled = (delegate* unmanaged<sbyte, byte, void>)Export(library, "_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb");
            GetDtype = (delegate* unmanaged<sbyte, sbyte>)Export(library, "_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE");
            SetDtype = (delegate* unmanaged<sbyte, sbyte, void>)Export(library, "_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE");
            IncrementNesting = (delegate* unmanaged<int>)Export(library, "_ZN2at8autocast17increment_nestingEv");
            DecrementNesting = (delegate* unmanaged<int>)Export(library, "_ZN2at8autocast17decrement_nestingEv");
            ClearCache = (delegate* unmanaged<void>)Export(library, "_ZN2at8autocast11clear_cacheEv");
            IsCacheEnabled = (delegate* unmanaged<byte>)Export(library, "_ZN2at8autocast25is_autocast_cache_enabledEv");
            SetCacheEnabled = (delegate* unmanaged<byte, void>)Export(library, "_ZN2at8autocast26set_autocast_cache_enabledEb");
        }

        private static IntPtr LoadTorchCpu()
        {
            // Any torch call makes TorchSharp load libtorch; dlopen by soname then returns that same copy.
            InitializeDeviceType(DeviceType.CPU);
            if (NativeLibrary.TryLoad("libtorch_cpu.so", out var handle)) return handle;
            var besideTorchSharp = Path.Combine(Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory, "libtorch_cpu.so");
            if (NativeLibrary.TryLoad(besideTorchSharp, out handle)) return handle;
            throw new NotSupportedException("bf16 autocast needs libtorch_cpu.so, which could not be loaded (neither by soname nor beside TorchSharp.dll)");
        }

        private static IntPtr Export(IntPtr library, string symbol) =>
            NativeLibrary.TryGetExport(library, symbol, out var address)
                ? address
                : throw new NotSupportedException($"bf16 autocast: libtorch has no {symbol}; this code targets the at::autocast API of libtorch 2.10 (TorchSharp 0.107)");
    }
}
