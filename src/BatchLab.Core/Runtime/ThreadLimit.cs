using static TorchSharp.torch;

namespace BatchLab.Runtime;

/// <summary>
/// Lowers torch's intra-op threads to at most a given count while it lives, and restores the count
/// it found when disposed. A training loop holds one across its updates and lifts it around the
/// work that needs every thread (evaluations over thousands of samples). Changing the count costs
/// tens of microseconds (libtorch rebuilds its thread pools), so it is changed only when it
/// differs, and never per update.
/// </summary>
public sealed class ThreadLimit : IDisposable
{
    readonly int outer;
    readonly int inner;

    public ThreadLimit(int limit)
    {
        outer = get_num_threads();
        inner = Math.Clamp(limit, 1, outer);
        Set(inner);
    }

    /// <summary>The threads the loop runs with (the limit, or fewer when the process has fewer).</summary>
    public int Threads => inner;

    /// <summary>Every thread the process had, until the returned scope is disposed.</summary>
    public IDisposable Lifted()
    {
        Set(outer);
        return new Relimit(this);
    }

    public void Dispose() => Set(outer);

    static void Set(int threads)
    {
        if (get_num_threads() != threads)
        {
            set_num_threads(threads);
        }
    }

    sealed class Relimit(ThreadLimit limit) : IDisposable
    {
        public void Dispose() => Set(limit.inner);
    }
}
