namespace BatchLab.Sweeps.Storage;

/// <summary>
/// Where studies, trials and their results live, shared by every worker of a sweep.
/// <para><b>States.</b> A trial is QUEUED, RUNNING, or final (COMPLETE, DIVERGED, PRUNED, FAILED,
/// CANCELLED; see <see cref="TrialState"/>). Final states never change again and are never
/// claimed.</para>
/// <para><b>Ownership.</b> A RUNNING trial belongs to the holder of its current attempt number
/// (<see cref="Trial.Attempt"/>) while its lease (<see cref="Trial.LeaseExpiresAt"/>) has not
/// expired. The holder keeps the lease with <see cref="Heartbeat"/>, normally from a thread of its
/// own every third of <see cref="ExperimentStoreOptions.LeaseDuration"/>. Once the lease has
/// expired, any worker may claim the trial; until someone does, the old holder's attempt is still
/// current and its writes and heartbeats still succeed. Lease times come from the workers' clocks
/// (the <see cref="TimeProvider"/> given to the store): keep machines' clocks in sync to well
/// under the lease duration.</para>
/// <para><b>Claim.</b> <see cref="ClaimNext"/> takes, in one atomic statement, the oldest trial
/// that is QUEUED or RUNNING with an expired lease, sets it RUNNING, increments its attempt and
/// gives the caller a fresh lease. Two workers never get the same attempt. An expired lease
/// counts as a failure (<see cref="Trial.Failures"/>); a trial whose lease expires on its last
/// allowed failure (<see cref="ExperimentStoreOptions.MaxFailures"/>) becomes FAILED instead of
/// being claimed again, so a trial that kills its worker every time cannot loop forever.</para>
/// <para><b>Writes.</b> Every write of results (metrics, checkpoints, completion, failure) carries a
/// <see cref="TrialLease"/> (trial id, attempt) and is applied atomically with a check that this
/// attempt is still current and the trial still RUNNING; otherwise nothing is written and
/// <see cref="LeaseLostException"/> is thrown. A worker that stalled past its lease and wakes up
/// therefore cannot overwrite its successor: it should stop working on the trial.</para>
/// <para><b>Outcomes.</b> <see cref="Complete"/> ends a trial COMPLETE, DIVERGED or PRUNED (a result,
/// never retried). <see cref="Fail"/> with retry puts it back to QUEUED until its failures reach the
/// limit, then FAILED; without retry it is FAILED at once. <see cref="Release"/> gives a trial
/// back (QUEUED) when its worker is stopped on purpose, without counting a failure.
/// <see cref="Cancel"/> ends a QUEUED or RUNNING trial; the running worker learns it from its
/// next heartbeat or write.</para>
/// <para><b>Resume.</b> A reclaimed trial resumes from <see cref="LoadCheckpoints"/> and replays the
/// updates after it, rewriting their metrics; a metric is keyed by (trial, name, update) and a
/// rewrite replaces the row. Write metrics up to update u before saving the checkpoint of update
/// u, so a resumed trial's curves have no holes.</para>
/// <para>Implementations are safe to use from several threads (a worker's heartbeat thread and
/// its training thread) and from many processes at once. Methods are synchronous: their callers
/// are training loops and short CLI commands, and each call is one short transaction.</para>
/// </summary>
public interface IExperimentStore : IDisposable
{
    /// <summary>"sqlite:/abs/path.db" or "postgres://user@host:port/db": where this store is, without secrets.</summary>
    string Location { get; }

    /// <summary>
    /// Creates the study, or returns the stored one when the spec hash is the same. A different
    /// spec under the same name is refused with a <see cref="BatchLabException"/> unless
    /// <paramref name="extend"/> is set: then the stored spec becomes the new one and the caller
    /// adds its trials with <see cref="AddTrials"/>, which only adds the new points.
    /// </summary>
    Study CreateOrGetStudy(string name, string specJson, bool extend = false);

    Study? GetStudy(string name);

    IReadOnlyList<Study> ListStudies();

    /// <summary>
    /// Adds QUEUED trials to an existing study, skipping keys it already has (whatever their
    /// state). Numbers continue from the study's largest. Returns how many were new.
    /// </summary>
    int AddTrials(string study, IReadOnlyList<TrialRequest> trials);

    /// <summary>
    /// The next trial to run (of one study, or any), claimed for <paramref name="worker"/>; null when
    /// none is claimable. <paramref name="among"/> limits the claim to those trial ids (a fused
    /// group's candidates); null = any. <paramref name="takeOver"/> = false takes only QUEUED
    /// trials, leaving RUNNING ones with expired leases to their owners: a worker just back from a
    /// store outage does that for one lease, since every owner's lease ran out during the outage
    /// and its heartbeat needs a moment to renew it.
    /// </summary>
    Trial? ClaimNext(WorkerIdentity worker, string? study = null, IReadOnlyCollection<long>? among = null, bool takeOver = true);

    /// <summary>
    /// Extends the lease by <see cref="ExperimentStoreOptions.LeaseDuration"/> from now. False when
    /// the attempt is no longer current or the trial is no longer RUNNING (reclaimed, cancelled,
    /// finished): the worker should stop. Never throws <see cref="LeaseLostException"/>.
    /// </summary>
    bool Heartbeat(TrialLease lease);

    /// <summary>Stores metric values, replacing any stored for the same (trial, name, update).</summary>
    void AppendMetrics(TrialLease lease, IReadOnlyCollection<MetricPoint> points);

    /// <summary>
    /// Stores a checkpoint taken after <paramref name="update"/> (replacing one of the same update)
    /// and keeps only the two with the largest update numbers, so a corrupt newest one still
    /// leaves the previous to resume from.
    /// </summary>
    void SaveCheckpoint(TrialLease lease, long update, ReadOnlyMemory<byte> data);

    /// <summary>The trial's stored checkpoints (at most two), newest update first.</summary>
    IReadOnlyList<StoredCheckpoint> LoadCheckpoints(long trialId);

    /// <summary>Ends the trial with a result: <paramref name="state"/> is COMPLETE, DIVERGED or PRUNED.</summary>
    void Complete(TrialLease lease, TrialState state, string finalValuesJson);

    /// <summary>
    /// Records a failure. With <paramref name="retry"/> the trial goes back to QUEUED unless this
    /// was its last allowed failure (<see cref="ExperimentStoreOptions.MaxFailures"/>); otherwise,
    /// or without retry, it is FAILED. Returns the state the trial is now in.
    /// </summary>
    TrialState Fail(TrialLease lease, string error, bool retry);

    /// <summary>
    /// Gives the trial back to the queue now (a worker interrupted on purpose), keeping its
    /// checkpoints and metrics for the next attempt; not counted as a failure.
    /// </summary>
    void Release(TrialLease lease);

    /// <summary>
    /// Puts a study's trials in <paramref name="state"/> (FAILED or CANCELLED) back to QUEUED with
    /// their failure count reset, keeping their checkpoints, metrics and attempt history: the next
    /// claim resumes each from its newest checkpoint. Returns how many were requeued. Results
    /// (COMPLETE, DIVERGED) and live trials are refused with a <see cref="BatchLabException"/>.
    /// </summary>
    int Requeue(string study, TrialState state);

    /// <summary>Cancels a QUEUED or RUNNING trial; false when it was already final or does not exist.</summary>
    bool Cancel(long trialId);

    Trial? GetTrial(long trialId);

    /// <summary>A study's trials by number.</summary>
    IReadOnlyList<Trial> TrialsOf(string study);

    /// <summary>Trials per state, of one study or of all.</summary>
    TrialCounts Counts(string? study = null);

    /// <summary>A trial's metric values by name, then update.</summary>
    IReadOnlyList<MetricPoint> Metrics(long trialId);

    /// <summary>A trial's claims, first to last.</summary>
    IReadOnlyList<TrialAttempt> Attempts(long trialId);
}
