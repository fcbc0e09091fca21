using System.Diagnostics;
using BatchLab.Adaptive;
using BatchLab.Runs;
using BatchLab.Sweeps.Storage;
using BatchLab.Training;
using BatchLab.Training.Adaptive;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Trains one claimed trial with the store as its checkpoint folder and metrics log. A trial
/// another worker started resumes from its newest valid checkpoint (the older one if the newest
/// is damaged) and, training being deterministic, ends bit-identical to an uninterrupted run; a
/// promoted rung of a budgeted study continues its lower rung (<see cref="TrialContinuation"/>).
/// <list type="bullet">
/// <item>COMPLETE and DIVERGED are results, stored with the <see cref="TrainSummary"/> as final values.</item>
/// <item>An exception is an infrastructure failure, retried up to the store's limit; a
/// <see cref="BatchLabException"/> for bad input (e.g. B larger than the data) fails at once.</item>
/// <item>A lost claim (<see cref="LeaseLostException"/>, or the heartbeat finding the trial
/// reclaimed) is abandoned quietly: its successor owns the trial.</item>
/// <item><c>stop</c> (Ctrl+C, SIGTERM) checkpoints and releases the trial to the queue; if that
/// release has to wait for an unavailable store, <c>stop</c> cuts the wait short and nothing is
/// recorded (the trial is taken over once the store is back and its lease has expired).</item>
/// <item>This machine's lack (the store, the data, a device: <see cref="BatchLabException.Unavailable"/>)
/// gives the trial back without a failure and stops the worker (<see cref="TrialEnding"/>).</item>
/// </list>
/// </summary>
public sealed class TrialRunner(IExperimentStore store, TrialRunOptions options, DataCache? sharedData = null) : ITrialRunner, IDisposable
{
    readonly DataCache data = sharedData ?? new(options.Data);
    readonly Dictionary<string, ThroughputTable> throughputs = [];

    public IReadOnlyList<TrialOutcome> Run(Trial trial, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        using var keeper = LeaseKeeper.Start(store, trial.Lease, options.Lease, options.StorePatience);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop, keeper.Lost);
        try
        {
            var (result, summary) = Train(trial, cancel.Token);
            return [TrialEnding.Finished(store, trial, result, summary, keeper, Stopwatch.GetElapsedTime(started).TotalSeconds)];
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            return [TrialEnding.Failed(store, trial, e, keeper, Stopwatch.GetElapsedTime(started).TotalSeconds)];
        }
    }

    (TrainResult Result, TrainSummary Summary) Train(Trial trial, CancellationToken cancel)
    {
        var spec = RunSpec.FromJson(trial.Parameters);
        var dataset = data.Get(spec);
        using var model = RunFactory.CreateModel(spec, dataset);
        var source = TrialContinuation.Of(store, trial);
        var metrics = new StoreMetrics(store, trial.Lease, options.MetricsEvery, source.Parent);
        var hooks = new TrainerHooks
        {
            Observers = [metrics, .. options.Observers(trial)],
            Checkpoints = new StoreCheckpoints(store, trial.Lease, metrics, source.Checkpoints),
            CheckpointEvery = options.CheckpointEvery,
            CheckpointInterval = options.CheckpointInterval,
            Resume = true,
        };
        using var trainer = new Trainer(model, dataset, spec.Train, BatchPolicies.With(hooks, spec.Train, dataset.Train.Count, Throughput(spec, dataset)));
        var result = trainer.Run(cancel);
        metrics.Flush();
        return (result, TrainSummary.From(result, trainer.Plan, dataset.Text?.Context));
    }

    /// <summary>
    /// The goodput policy's throughput table: measured once per model and batch plan in this
    /// worker (every seed and learning rate of a sweep decides on the same numbers).
    /// </summary>
    ThroughputTable? Throughput(RunSpec spec, Data.Dataset dataset)
    {
        if (spec.Train.Adaptive is not { Policy: BatchPolicyKind.Goodput } adaptive)
        {
            return null;
        }

        var key = $"{spec.Data}|{spec.Model}|{spec.Train.MicroBatch}|{spec.Train.NormBatch}|{adaptive.Min}|{adaptive.Max}|{spec.Train.Precision}";
        lock (throughputs)
        {
            if (!throughputs.TryGetValue(key, out var table))
            {
                throughputs[key] = table = BatchPolicies.MeasureThroughput(spec.Model, dataset, spec.Train);
            }

            return table;
        }
    }

    public void Dispose()
    {
        if (sharedData is null)
        {
            data.Dispose();
        }
    }
}
