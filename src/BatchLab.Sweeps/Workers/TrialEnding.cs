using System.Runtime.ExceptionServices;
using System.Text.Json;
using BatchLab.Runs;
using BatchLab.Sweeps.Storage;
using BatchLab.Training;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// What a worker writes when an attempt at a trial ends, shared by the solo and the fused runner:
/// COMPLETE, DIVERGED and PRUNED are results (stored with the summary); an interruption releases the
/// trial, unless the claim was lost (then nothing is written); an exception is a failure,
/// retried unless it is bad input. What this machine lacks — the store (unreachable, disk full),
/// the data or a tool to fetch it, a device — is no failure of the trial: nothing is recorded
/// against it, it is given back if the store takes that write, and the exception goes on to stop
/// the worker (every other trial would meet the same lack), for a worker elsewhere to take it.
/// </summary>
public static class TrialEnding
{
    public static TrialOutcome Finished(IExperimentStore store, Trial trial, TrainResult result, TrainSummary summary, LeaseKeeper keeper, double seconds)
    {
        try
        {
            switch (result.State)
            {
                case RunEnd.Complete or RunEnd.Diverged or RunEnd.Pruned:
                    var (state, outcome) = result.State switch
                    {
                        RunEnd.Diverged => (TrialState.Diverged, AttemptOutcome.Diverged),
                        RunEnd.Pruned => (TrialState.Pruned, AttemptOutcome.Pruned),
                        _ => (TrialState.Complete, AttemptOutcome.Complete),
                    };
                    store.Complete(trial.Lease, state, JsonSerializer.Serialize(summary, RunSpec.Json));
                    return new(trial, outcome, state, summary, null, seconds);
                case RunEnd.Interrupted when keeper.IsLost:
                    return new(trial, AttemptOutcome.LeaseExpired, TrialState.Running, summary, keeper.Reason, seconds);
                default:
                    store.Release(trial.Lease);
                    return new(trial, AttemptOutcome.Released, TrialState.Queued, summary, null, seconds);
            }
        }
        catch (LeaseLostException e)
        {
            return new(trial, AttemptOutcome.LeaseExpired, TrialState.Running, summary, e.Message, seconds);
        }
    }

    public static TrialOutcome Failed(IExperimentStore store, Trial trial, Exception e, LeaseKeeper keeper, double seconds)
    {
        if (e is BatchLabException { ExitCode: BatchLabException.Unavailable } unavailable)
        {
            GiveBack(store, trial);
            ExceptionDispatchInfo.Throw(unavailable);
        }

        if (e is LeaseLostException || keeper.IsLost)
        {
            return new(trial, AttemptOutcome.LeaseExpired, TrialState.Running, null, e is LeaseLostException ? e.Message : keeper.Reason, seconds);
        }

        var error = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
        var retry = e is not BatchLabException { ExitCode: BatchLabException.BadInput };
        try
        {
            var now = store.Fail(trial.Lease, error, retry);
            return new(trial, AttemptOutcome.Failed, now, null, error, seconds);
        }
        catch (LeaseLostException lost)
        {
            return new(trial, AttemptOutcome.LeaseExpired, TrialState.Running, null, lost.Message, seconds);
        }
    }

    /// <summary>
    /// Releases a trial the worker stops on because something is unavailable: one try (an
    /// unavailable store has been retried for the whole give-up time already). If that fails too,
    /// the trial stays RUNNING and is taken over once its lease has expired and the store is back.
    /// </summary>
    static void GiveBack(IExperimentStore store, Trial trial)
    {
        try
        {
            store.Release(trial.Lease);
        }
        catch (Exception e) when (e is StoreUnavailableException or LeaseLostException)
        {
            // Nothing more can be done from here; see above.
        }
    }
}
