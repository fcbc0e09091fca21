using System.Diagnostics;
using BatchLab.Training;

namespace BatchLab.Benchmarks;

/// <summary>
/// Times a training loop from inside: from the first applied update to the last, so model
/// construction, stacking and the evaluations before and after training are not counted, but
/// everything the loop does per update (sampling, the step, bookkeeping, observers) is.
/// </summary>
public sealed class LoopClock : ITrainingObserver
{
    long first;
    long last;
    long updates;

    public void OnUpdate(in UpdateRecord update)
    {
        last = Stopwatch.GetTimestamp();
        if (updates++ == 0)
        {
            first = last;
        }
    }

    /// <summary>Updates per second over the updates after the first.</summary>
    public double UpdatesPerSecond => updates < 2
        ? throw new InvalidOperationException("the loop ran fewer than 2 updates")
        : (updates - 1) / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
}
