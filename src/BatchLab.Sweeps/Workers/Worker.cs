using System.Globalization;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Text;
using BatchLab.Training;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Claims trials from a store and runs each with an <see cref="ITrialRunner"/> until none
/// remain (see <see cref="WorkerOptions.Wait"/>) or <c>stop</c> is cancelled. Any number of
/// workers, in any number of processes and machines, may share one store: each claim is atomic
/// and every write is checked against the claim (<see cref="IExperimentStore"/>).
/// </summary>
public sealed class Worker(IExperimentStore store, ITrialRunner runner, WorkerOptions options)
{
    public WorkerTally Run(CancellationToken stop = default)
    {
        var outcomes = new List<TrialOutcome>();
        while (!stop.IsCancellationRequested)
        {
            var trial = store.ClaimNext(options.Identity, options.Study);
            if (trial is null)
            {
                if (!options.Wait && store.Counts(options.Study) is { Queued: 0, Running: 0 })
                {
                    break;
                }

                stop.WaitHandle.WaitOne(options.PollInterval * (0.75 + (Random.Shared.NextDouble() / 2)));
                continue;
            }

            options.Log(string.Create(CultureInfo.InvariantCulture, $"{Describe(trial)}: started attempt {trial.Attempt}"));
            IReadOnlyList<TrialOutcome> ended;
            try
            {
                ended = runner.Run(trial, stop);
            }
            catch (BatchLabException e) when (e.ExitCode == BatchLabException.Unavailable)
            {
                // This machine's lack (the store, the data, a device), not the trial's fault: the
                // worker stops, and the trial owes it no failure.
                options.Log($"{Describe(trial)}: stopped, {(e is StoreUnavailableException ? "the store stayed unavailable" : "this machine cannot run it")}; given back to the queue with no failure counted");
                throw;
            }

            foreach (var outcome in ended)
            {
                outcomes.Add(outcome);
                options.Log($"{Describe(outcome.Trial)}: {Describe(outcome)}");
            }
        }

        return WorkerTally.Of(options.Identity.WorkerId, outcomes);
    }

    static string Describe(Trial trial) => $"{Printable.Escape(trial.Study)} trial {trial.Number} ({GridPoint.FromKey(trial.Key).Label})";

    static string Describe(TrialOutcome outcome)
    {
        var i = CultureInfo.InvariantCulture;
        var s = outcome.Summary;
        return outcome switch
        {
            { End: AttemptOutcome.Complete } => string.Create(i, $"COMPLETE after {s!.Updates:N0} updates in {outcome.Seconds:F1}s{Errors(s)}"),
            { End: AttemptOutcome.Diverged } => string.Create(i, $"DIVERGED at update {s!.Divergence?.Update ?? s.Updates:N0} (not retried)"),
            { End: AttemptOutcome.Pruned } => string.Create(i, $"PRUNED at update {s!.Updates:N0}: {s.PruneReason}"),
            { End: AttemptOutcome.Released } => string.Create(i, $"stopped at update {s?.Updates ?? 0:N0}, checkpointed and returned to the queue"),
            { Requeued: true } => $"failed, queued for another attempt: {outcome.Error}",
            { End: AttemptOutcome.Failed } => $"FAILED: {outcome.Error}",
            _ => $"abandoned, another worker owns it now ({outcome.Error})",
        };
    }

    static string Errors(TrainSummary s) => string.Concat(
        new[] { (Name: "val_error", Value: s.ValError), (Name: "test_error", Value: s.TestError) }
            .Where(e => e.Value is not null)
            .Select(e => string.Create(CultureInfo.InvariantCulture, $", {e.Name} {e.Value * 100:F2}%")));
}
