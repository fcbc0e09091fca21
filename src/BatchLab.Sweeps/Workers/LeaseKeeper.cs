using System.Diagnostics;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Keeps a claim's lease alive from a thread of its own, so a long training step or a stalled
/// training thread cannot starve the heartbeat: renews every third of the lease, and raises
/// <see cref="Lost"/> when the store says the attempt is no longer current (reclaimed after a
/// stall, cancelled) or when renewals kept failing (store unreachable) for a whole lease, by
/// which time another worker may own the trial.
/// </summary>
public sealed class LeaseKeeper : IDisposable
{
    readonly IExperimentStore store;
    readonly TrialLease lease;
    readonly TimeSpan duration;
    readonly CancellationTokenSource lost = new();
    readonly ManualResetEventSlim stopping = new();
    readonly Thread thread;

    LeaseKeeper(IExperimentStore store, TrialLease lease, TimeSpan duration)
    {
        this.store = store;
        this.lease = lease;
        this.duration = duration;
        thread = new Thread(Beat) { IsBackground = true, Name = $"heartbeat {lease}" };
        thread.Start();
    }

    /// <summary>Starts renewing <paramref name="lease"/>, which the store grants for <paramref name="duration"/>.</summary>
    public static LeaseKeeper Start(IExperimentStore store, TrialLease lease, TimeSpan duration) => new(store, lease, duration);

    /// <summary>Cancelled when the claim is lost: stop training and write nothing more.</summary>
    public CancellationToken Lost => lost.Token;

    public bool IsLost => lost.IsCancellationRequested;

    /// <summary>Why the claim was lost; null while it holds.</summary>
    public string? Reason { get; private set; }

    void Beat()
    {
        var renewedAt = Stopwatch.GetTimestamp();
        while (!stopping.Wait(duration / 3))
        {
            var asked = Stopwatch.GetTimestamp();
            try
            {
                if (store.Heartbeat(lease))
                {
                    renewedAt = asked;
                    continue;
                }

                Reason = $"{lease} lost its lease: the trial was reclaimed by another worker or cancelled";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (Stopwatch.GetElapsedTime(renewedAt) < duration)
                {
                    continue;
                }

                Reason = $"{lease}: no heartbeat reached the store for {duration.TotalSeconds:0.#} s ({e.Message.Split('\n')[0]})";
            }

            lost.Cancel();
            return;
        }
    }

    public void Dispose()
    {
        stopping.Set();
        thread.Join();
        lost.Dispose();
        stopping.Dispose();
    }
}
