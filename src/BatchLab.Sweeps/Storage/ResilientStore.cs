using System.Diagnostics;

namespace BatchLab.Sweeps.Storage;

/// <summary>
/// A worker's view of the store that rides out outages (<see cref="StoreUnavailableException"/>:
/// server down or restarting, network, full disk) instead of failing trials for them:
/// <list type="bullet">
/// <item>Writes made while training — metrics and checkpoints — never wait: what cannot be sent
/// is kept, in order, and sent again under the same lease before that lease's next write (a newer
/// checkpoint replaces an unsent older one). Training goes on meanwhile.</item>
/// <item>Every other call (claims, queries, completing, failing or releasing a trial, which
/// first sends what its lease still holds) is retried with backoff and jitter
/// (<see cref="OutagePolicy"/>) until it succeeds.</item>
/// <item>A call that has kept failing for <see cref="OutagePolicy.GiveUpAfter"/>, or writes held
/// that long (a disk full for large writes only: small ones, heartbeats among them, still pass),
/// throw a <see cref="StoreUnavailableException"/> saying so, and the worker stops. Releasing a
/// trial then drops what it held: the next attempt replays from the last stored checkpoint.</item>
/// <item>For <see cref="OutagePolicy.ClaimGrace"/> after an outage, claims take only QUEUED
/// trials: leases ran out during the outage, and their owners renew them first.</item>
/// <item>Heartbeats are tried once (the <see cref="Workers.LeaseKeeper"/> has its own rhythm)
/// but tell this store whether the store is up.</item>
/// </list>
/// A <see cref="LeaseLostException"/> passes through at once and drops what the lease held.
/// One training thread and one heartbeat thread per trial use it at the same time.
/// </summary>
public sealed class ResilientStore : IExperimentStore
{
    readonly IExperimentStore inner;
    readonly OutagePolicy policy;
    readonly Action<string> log;
    readonly CancellationToken stop;
    readonly Lock gate = new();
    readonly Dictionary<TrialLease, Held> pending = [];
    long? downSince;
    long? upSince;
    long nextTry;
    int failures;
    long? announced;

    /// <param name="log">Receives one line when an outage starts and one when it ends.</param>
    /// <param name="stop">Cancels waiting (Ctrl+C, SIGTERM): the waiting call throws <see cref="OperationCanceledException"/>.</param>
    public ResilientStore(IExperimentStore inner, OutagePolicy? policy = null, Action<string>? log = null, CancellationToken stop = default)
    {
        this.inner = inner;
        this.policy = policy ?? new OutagePolicy();
        this.policy.Validate();
        this.log = log ?? (_ => { });
        this.stop = stop;
    }

    public string Location => inner.Location;

    /// <summary>Whether the last call found the store unavailable.</summary>
    public bool IsDown
    {
        get
        {
            lock (gate)
            {
                return downSince is not null;
            }
        }
    }

    public Study CreateOrGetStudy(string name, string specJson, bool extend = false) => Patiently(() => inner.CreateOrGetStudy(name, specJson, extend));

    public Study? GetStudy(string name) => Patiently(() => inner.GetStudy(name));

    public IReadOnlyList<Study> ListStudies() => Patiently(inner.ListStudies);

    public int AddTrials(string study, IReadOnlyList<TrialRequest> trials) => Patiently(() => inner.AddTrials(study, trials));

    public Trial? ClaimNext(WorkerIdentity worker, string? study = null, IReadOnlyCollection<long>? among = null, bool takeOver = true) =>
        Patiently(() => inner.ClaimNext(worker, study, among, takeOver && !InGrace()));

    public bool Heartbeat(TrialLease lease)
    {
        try
        {
            var current = inner.Heartbeat(lease);
            Recovered();
            return current;
        }
        catch (StoreUnavailableException e)
        {
            Failed(e);
            throw;
        }
    }

    public void AppendMetrics(TrialLease lease, IReadOnlyCollection<MetricPoint> points) =>
        Defer(lease, () => inner.AppendMetrics(lease, points), () => new PendingMetrics([.. points]));

    public void SaveCheckpoint(TrialLease lease, long update, ReadOnlyMemory<byte> data) =>
        Defer(lease, () => inner.SaveCheckpoint(lease, update, data), () => new PendingCheckpoint(update, data.ToArray()));

    public IReadOnlyList<StoredCheckpoint> LoadCheckpoints(long trialId) => Patiently(() => inner.LoadCheckpoints(trialId));

    public void Complete(TrialLease lease, TrialState state, string finalValuesJson)
    {
        Drain(lease, wait: true);
        Patiently(() =>
        {
            inner.Complete(lease, state, finalValuesJson);
            return 0;
        });
    }

    public TrialState Fail(TrialLease lease, string error, bool retry)
    {
        Drain(lease, wait: true);
        return Patiently(() => inner.Fail(lease, error, retry));
    }

    public void Release(TrialLease lease)
    {
        try
        {
            Drain(lease, wait: true);
        }
        catch (StoreUnavailableException)
        {
            // Given up on: what the lease held is replayed by the next attempt from the last stored checkpoint.
            lock (gate)
            {
                pending.Remove(lease);
            }
        }

        Patiently(() =>
        {
            inner.Release(lease);
            return 0;
        });
    }

    public int Requeue(string study, TrialState state) => Patiently(() => inner.Requeue(study, state));

    public bool Cancel(long trialId) => Patiently(() => inner.Cancel(trialId));

    public Trial? GetTrial(long trialId) => Patiently(() => inner.GetTrial(trialId));

    public IReadOnlyList<Trial> TrialsOf(string study) => Patiently(() => inner.TrialsOf(study));

    public TrialCounts Counts(string? study = null) => Patiently(() => inner.Counts(study));

    public IReadOnlyList<MetricPoint> Metrics(long trialId) => Patiently(() => inner.Metrics(trialId));

    public IReadOnlyList<TrialAttempt> Attempts(long trialId) => Patiently(() => inner.Attempts(trialId));

    /// <summary>Writes still held for <paramref name="lease"/> (for tests and logs).</summary>
    public int PendingWrites(TrialLease lease)
    {
        lock (gate)
        {
            return pending.TryGetValue(lease, out var held) ? held.Writes.Count : 0;
        }
    }

    public void Dispose() => inner.Dispose();

    T Patiently<T>(Func<T> call)
    {
        var started = Stopwatch.GetTimestamp();
        for (var retry = 0; ; retry++)
        {
            try
            {
                var result = call();
                Recovered();
                return result;
            }
            catch (StoreUnavailableException e)
            {
                // This call's own failing time, or the store's unbroken outage if longer.
                GiveUpAfter(e, TimeSpan.FromTicks(Math.Max(Stopwatch.GetElapsedTime(started).Ticks, Failed(e).Ticks)));
                if (stop.WaitHandle.WaitOne(policy.Delay(retry)))
                {
                    throw new OperationCanceledException("stopped while waiting for the store", e, stop);
                }
            }
        }
    }

    /// <summary>Sends now when nothing is held for the lease and the store is not known to be down; otherwise holds the write and tries what is held.</summary>
    void Defer(TrialLease lease, Action send, Func<Pending> hold)
    {
        bool direct;
        lock (gate)
        {
            direct = downSince is null && !pending.ContainsKey(lease);
        }

        if (direct)
        {
            try
            {
                send();
                return;
            }
            catch (StoreUnavailableException e)
            {
                Failed(e);
            }
        }

        lock (gate)
        {
            if (!pending.TryGetValue(lease, out var held))
            {
                pending[lease] = held = new Held(Stopwatch.GetTimestamp());
            }

            var write = hold();
            if (write is PendingCheckpoint)
            {
                held.Writes.RemoveAll(w => w is PendingCheckpoint);
            }

            held.Writes.Add(write);
        }

        Drain(lease, wait: false);
    }

    /// <summary>Sends what <paramref name="lease"/> holds, in order; without <paramref name="wait"/> at most one try per retry delay, and returns when the store is still down.</summary>
    void Drain(TrialLease lease, bool wait)
    {
        for (var retry = 0; ; retry++)
        {
            Pending next;
            long since;
            lock (gate)
            {
                if (!pending.TryGetValue(lease, out var held) || held.Writes.Count == 0)
                {
                    pending.Remove(lease);
                    return;
                }

                if (!wait && downSince is not null && Stopwatch.GetTimestamp() < nextTry)
                {
                    return;
                }

                next = held.Writes[0];
                since = held.Since;
            }

            try
            {
                Send(lease, next);
                lock (gate)
                {
                    pending[lease].Writes.RemoveAt(0);
                }

                Recovered();
            }
            catch (StoreUnavailableException e)
            {
                Failed(e);
                GiveUpAfter(e, Stopwatch.GetElapsedTime(since));
                if (!wait)
                {
                    return;
                }

                if (stop.WaitHandle.WaitOne(policy.Delay(retry)))
                {
                    throw new OperationCanceledException("stopped while waiting for the store", e, stop);
                }
            }
            catch (LeaseLostException)
            {
                lock (gate)
                {
                    pending.Remove(lease);
                }

                throw;
            }
        }
    }

    void Send(TrialLease lease, Pending write)
    {
        switch (write)
        {
            case PendingMetrics m:
                inner.AppendMetrics(lease, m.Points);
                break;
            case PendingCheckpoint c:
                inner.SaveCheckpoint(lease, c.Update, c.Data);
                break;
        }
    }

    /// <summary>Notes a failed call; returns how long the store has been unavailable without a break.</summary>
    TimeSpan Failed(StoreUnavailableException e)
    {
        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (downSince is null)
            {
                downSince = now;
                failures = 0;

                // One line per outage, and no more than one each half minute when the store
                // flickers (a full disk refuses large writes while small ones pass).
                if (announced is not { } last || Stopwatch.GetElapsedTime(last, now) > TimeSpan.FromSeconds(30))
                {
                    announced = now;
                    log($"store unavailable ({e.Message}); training goes on, writes are kept and retried for up to {policy.GiveUpAfter.TotalSeconds:0} s");
                }
            }

            nextTry = now + (long)(policy.Delay(failures++).TotalSeconds * Stopwatch.Frequency);
            return Stopwatch.GetElapsedTime(downSince.Value, now);
        }
    }

    void Recovered()
    {
        lock (gate)
        {
            if (downSince is { } since)
            {
                if (announced is { } last && last >= since)
                {
                    log($"store reachable again after {Stopwatch.GetElapsedTime(since).TotalSeconds:0.0} s; sending what was kept");
                }

                downSince = null;
                upSince = Stopwatch.GetTimestamp();
            }
        }
    }

    bool InGrace()
    {
        lock (gate)
        {
            return downSince is not null || (upSince is { } up && Stopwatch.GetElapsedTime(up) < policy.ClaimGrace);
        }
    }

    void GiveUpAfter(StoreUnavailableException e, TimeSpan unavailable)
    {
        if (unavailable >= policy.GiveUpAfter)
        {
            throw new StoreUnavailableException(
                $"{e.Message}; gave up after {unavailable.TotalSeconds:0} s of retrying (--outage-timeout {policy.GiveUpAfter.TotalSeconds:0}s)",
                e);
        }
    }

    /// <summary>A lease's unsent writes, in order, and when the first of them was kept.</summary>
    sealed record Held(long Since)
    {
        public List<Pending> Writes { get; } = [];
    }

    abstract record Pending;

    sealed record PendingMetrics(IReadOnlyCollection<MetricPoint> Points) : Pending;

    sealed record PendingCheckpoint(long Update, byte[] Data) : Pending;
}
