using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BatchLab.Runtime;

/// <summary>
/// MKL's conditional numerical reproducibility (MKL_CBWR). libtorch's CPU build links Intel MKL,
/// which by default picks its matrix-product kernels by the memory alignment of each call's
/// operands; a resumed run allocates its tensors elsewhere than the uninterrupted run did, so the
/// same update could sum in another order and the weights drift apart in the last bits (issue 23:
/// stop at update 5,000, resume to 6,000 with momentum 0.9 ended with other weights). A fixed code
/// branch makes the arithmetic independent of alignment. MKL reads the variable with getenv()
/// once, at its first call, so it must be in the native environment before torch computes
/// anything; .NET's Environment.SetEnvironmentVariable changes only .NET's own copy on Linux,
/// hence setenv(3) here, and the .NET copy too, so that processes started with
/// <see cref="System.Diagnostics.Process"/> (workers, probes) inherit it.
/// </summary>
public static class NumericalReproducibility
{
    /// <summary>The environment variable MKL reads.</summary>
    public const string Variable = "MKL_CBWR";

    /// <summary>
    /// BatchLab's choice: MKL's AVX2 code branch where the CPU has AVX2, else COMPATIBLE (SSE2).
    /// `bench/run reproducibility` (2-core AMD EPYC, 1 thread, mlp:256 SGD): AVX2 trains as fast
    /// as MKL's own choice (98–101%), COMPATIBLE at 81–88% (docs/reproducibility.md).
    /// </summary>
    public static string Default => System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2" : "COMPATIBLE";

    static readonly Lock Gate = new();
    static string? applied;

    /// <summary>
    /// The value in effect in this process, e.g. "COMPATIBLE" (BatchLab's default) or the user's
    /// own; "unset" where the platform has no MKL setting to make. Recorded in every run's metadata.
    /// </summary>
    public static string Setting => Apply();

    /// <summary>True when the user set MKL_CBWR before BatchLab started (their value wins).</summary>
    public static bool SetByUser { get; private set; }

    /// <summary>
    /// Puts <see cref="Default"/> into the environment unless the user set MKL_CBWR; idempotent,
    /// cheap after the first call. Runs when BatchLab.Core is first used (module initializer), which
    /// is before BatchLab itself calls into torch.
    /// </summary>
    public static string Apply()
    {
        lock (Gate)
        {
            if (applied is not null)
            {
                return applied;
            }

            var user = NativeValue() ?? Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(user))
            {
                SetByUser = true;
                Environment.SetEnvironmentVariable(Variable, user);
                return applied = user;
            }

            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsWindows())
            {
                return applied = "unset";
            }

            if (!SetNative(Default))
            {
                return applied = "unset";
            }

            Environment.SetEnvironmentVariable(Variable, Default);
            return applied = Default;
        }
    }

#pragma warning disable CA2255 // A library's module initializer: the setting must precede MKL's first call, whoever calls torch through BatchLab.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad() => Apply();

    static string? NativeValue()
    {
        if (OperatingSystem.IsWindows())
        {
            return null; // .NET reads the process environment block directly there
        }

        try
        {
            var pointer = Getenv(Variable);
            return pointer == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(pointer);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>False where no C library takes it: MKL keeps its default, and the recorded setting says so.</summary>
    static bool SetNative(string value)
    {
        if (OperatingSystem.IsWindows())
        {
            return true; // SetEnvironmentVariable changes the process environment that getenv reads there
        }

        try
        {
            return Setenv(Variable, value, 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "getenv")]
    static extern IntPtr Getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int Setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
