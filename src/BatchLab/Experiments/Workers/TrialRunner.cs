using System.Diagnostics;
using System.Text.Json;
using BatchLab.Storage;
using BatchLab.Training;

namespace BatchLab.Experiments.Workers;

/// <summary>
/// Trains one claimed trial with the store as its checkpoint folder and metrics log. A trial
/// another worker started resumes from its newest valid checkpoint (the older one if the newest
/// is damaged) and, training being deterministic, ends bit-identical to an uninterrupted run.
/// <list type="bullet">
/// <item>COMPLETE and DIVERGED are results, stored with the <see cref="TrainSummary"/> as final values.</item>
/// <item>An exception is an infrastructure failure, retried up to the store's limit; a
/// <see cref="BatchLabException"/> for bad input (e.g. B larger than the data) fails at once.</item>
/// <item>A lost claim (<see cref="LeaseLostException"/>, or the heartbeat finding the trial
/// reclaimed) is abandoned quietly: its successor owns the trial.</item>
/// <item><c>stop</c> (Ctrl+C, SIGTERM) checkpoints and releases the trial to the queue.</item>
/// </list>
/// </summary>
public sealed class TrialRunner(IExperimentStore store, TrialRunOptions options) : ITrialRunner, IDisposable
{
    readonly DataCache data = new(options.Data);

    public TrialOutcome Run(Trial trial, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        TrialOutcome End(TrialEnd end, TrainSummary? summary = null, string? error = null) =>
            new(trial, end, summary, error, Stopwatch.GetElapsedTime(started).TotalSeconds);

        using var keeper = LeaseKeeper.Start(store, trial.Lease, options.Lease);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop, keeper.Lost);
        try
        {
            var (result, summary) = Train(trial, cancel.Token);
            switch (result.State)
            {
                case RunState.Complete or RunState.Diverged:
                    var state = result.State == RunState.Complete ? TrialState.Complete : TrialState.Diverged;
                    store.Complete(trial.Lease, state, JsonSerializer.Serialize(summary, RunSpec.Json));
                    return End(state == TrialState.Complete ? TrialEnd.Complete : TrialEnd.Diverged, summary);
                case RunState.Interrupted when keeper.IsLost:
                    return End(TrialEnd.Abandoned, summary, keeper.Reason);
                default:
                    store.Release(trial.Lease);
                    return End(TrialEnd.Released, summary);
            }
        }
        catch (LeaseLostException e)
        {
            return End(TrialEnd.Abandoned, error: e.Message);
        }
        catch (Exception) when (keeper.IsLost)
        {
            return End(TrialEnd.Abandoned, error: keeper.Reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var error = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
            var retry = e is not BatchLabException { ExitCode: BatchLabException.BadInput };
            try
            {
                var now = store.Fail(trial.Lease, error, retry);
                return End(now == TrialState.Queued ? TrialEnd.Requeued : TrialEnd.Failed, error: error);
            }
            catch (LeaseLostException lost)
            {
                return End(TrialEnd.Abandoned, error: lost.Message);
            }
        }
    }

    (TrainResult Result, TrainSummary Summary) Train(Trial trial, CancellationToken cancel)
    {
        var spec = RunSpec.FromJson(trial.Parameters);
        var dataset = data.Get(spec);
        using var model = RunFactory.CreateModel(spec, dataset);
        var metrics = new StoreMetrics(store, trial.Lease, options.MetricsEvery);
        var hooks = new TrainerHooks
        {
            Observers = [metrics, .. options.Observers(trial)],
            Checkpoints = new StoreCheckpoints(store, trial.Lease, metrics),
            CheckpointEvery = options.CheckpointEvery,
            CheckpointInterval = options.CheckpointInterval,
            Resume = true,
        };
        using var trainer = new Trainer(model, dataset, spec.Train, hooks);
        var result = trainer.Run(cancel);
        metrics.Flush();
        return (result, TrainSummary.From(result, trainer.Plan));
    }

    public void Dispose() => data.Dispose();
}
