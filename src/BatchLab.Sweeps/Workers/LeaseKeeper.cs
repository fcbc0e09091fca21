using System.Diagnostics;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Keeps a claim's lease alive from a thread of its own, so a long training step or a stalled
/// training thread cannot starve the heartbeat: renews every third of the lease, and raises
/// <see cref="Lost"/> when the store says the attempt is no longer current (reclaimed after a
/// stall, cancelled) or when renewals kept failing for a whole lease, by which time another
/// worker may own the trial. An unavailable store (<see cref="StoreUnavailableException"/>: all
/// workers are cut off alike, and a lease can only be taken over once it is back) is waited out
/// for <c>patience</c> instead, retrying every second so the lease is renewed as soon as the store returns.
/// </summary>
public sealed class LeaseKeeper : IDisposable
{
    readonly IExperimentStore store;
    readonly TrialLease lease;
    readonly TimeSpan duration;
    readonly TimeSpan patience;
    readonly CancellationTokenSource lost = new();
    readonly ManualResetEventSlim stopping = new();
    readonly Thread thread;

    LeaseKeeper(IExperimentStore store, TrialLease lease, TimeSpan duration, TimeSpan? patience)
    {
        this.store = store;
        this.lease = lease;
        this.duration = duration;
        this.patience = patience ?? duration;
        thread = new Thread(Beat) { IsBackground = true, Name = $"heartbeat {lease}" };
        thread.Start();
    }

    /// <summary>Starts renewing <paramref name="lease"/>, which the store grants for <paramref name="duration"/>.</summary>
    /// <param name="patience">How long an unavailable store is waited out before the claim counts as lost; default <paramref name="duration"/>.</param>
    public static LeaseKeeper Start(IExperimentStore store, TrialLease lease, TimeSpan duration, TimeSpan? patience = null) => new(store, lease, duration, patience);

    /// <summary>Cancelled when the claim is lost: stop training and write nothing more.</summary>
    public CancellationToken Lost => lost.Token;

    public bool IsLost => lost.IsCancellationRequested;

    /// <summary>Why the claim was lost; null while it holds.</summary>
    public string? Reason { get; private set; }

    void Beat()
    {
        var renewedAt = Stopwatch.GetTimestamp();
        var failing = false;
        while (!stopping.Wait(failing ? TimeSpan.FromTicks(Math.Min(duration.Ticks / 3, TimeSpan.TicksPerSecond)) : duration / 3))
        {
            var asked = Stopwatch.GetTimestamp();
            try
            {
                if (store.Heartbeat(lease))
                {
                    renewedAt = asked;
                    failing = false;
                    continue;
                }

                Reason = $"attempt {lease.Attempt} lost its lease: the trial was reclaimed by another worker or cancelled";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failing = true;
                var allowed = e is StoreUnavailableException ? patience : duration;
                if (Stopwatch.GetElapsedTime(renewedAt) < allowed)
                {
                    continue;
                }

                Reason = $"attempt {lease.Attempt}: no heartbeat reached the store for {allowed.TotalSeconds:0.#} s ({e.Message.Split('\n')[0]})";
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
