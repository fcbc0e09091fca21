using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// The one place a device name becomes a torch device. Asking for CUDA where this build of
/// TorchSharp or the machine has none is an error, never a silent fallback to the CPU.
/// </summary>
public static class DeviceSelector
{
    public static Device Resolve(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n == "cpu")
        {
            return CPU;
        }

        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new BatchLabException(
                    "--device cuda was requested but CUDA is not available: this build uses the CPU TorchSharp package; on a machine with an NVIDIA GPU build with -p:TorchSharpPackage=TorchSharp-cuda-linux",
                    BatchLabException.Unavailable);
            }

            return device(n);
        }

        throw new BatchLabException($"unknown device '{name}'; choose cpu or cuda (cuda:N for one of several GPUs)");
    }
}
