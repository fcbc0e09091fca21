using static TorchSharp.torch;

namespace BatchLab.Runtime;

/// <summary>
/// Torch's intra-op thread count, checked before libtorch sees it: libtorch aborts the process on
/// 0 or a negative count (exit 134, no message) and starts whatever huge count it is given.
/// </summary>
public static class TorchThreads
{
    /// <summary>
    /// The most threads a process may ask for: 4 per core. Intra-op threads beyond the cores only
    /// wait for each other (docs/performance.md), so more is a typo, not a setting.
    /// </summary>
    public static int Max => 4 * Environment.ProcessorCount;

    /// <summary>Null when <paramref name="threads"/> is a valid count, else the one-line reason.</summary>
    public static string? Problem(long threads, string option = "--threads") =>
        threads >= 1 && threads <= Max
            ? null
            : $"{option} must be between 1 and {Max} (4 per core on this {Environment.ProcessorCount}-core machine), got {threads}";

    /// <summary>Sets the count after checking it; null leaves torch's default (all cores).</summary>
    public static void Set(int? threads, string option = "--threads")
    {
        if (threads is not int n)
        {
            return;
        }

        if (Problem(n, option) is { } problem)
        {
            throw new BatchLabException(problem);
        }

        set_num_threads(n);
    }
}
