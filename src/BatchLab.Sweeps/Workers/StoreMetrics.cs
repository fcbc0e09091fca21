using BatchLab.Sweeps.Storage;
using BatchLab.Training;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Writes a trial's curves to the store: the mini-batch <c>loss</c> and <c>lr</c> every
/// <c>every</c> updates (default about 100 per epoch: a B = 1 epoch of MNIST has 55,000 updates),
/// and every evaluation's values with <c>epoch</c>, <c>step_time</c> and <c>wall_time</c> (seconds).
/// Points are buffered and written in one transaction at each evaluation, before each
/// checkpoint (see <see cref="StoreCheckpoints"/>), at the end, and every 2,000 points.
/// Update numbers decide what is written, so a resumed trial rewrites exactly the rows it replays.
/// A trial that continues <paramref name="continues"/> (a lower rung, <see cref="TrialContinuation"/>)
/// copies that trial's rows up to the update it starts from, so its curves start at update 0, and
/// stores <see cref="TrialContinuation.InheritedSamples"/> there; one that trains from scratch after
/// all (its checkpoint did not fit) copies nothing.
/// </summary>
public sealed class StoreMetrics(IExperimentStore store, TrialLease lease, long? every = null, Trial? continues = null) : ITrainingObserver
{
    const int FlushAt = 2000;
    readonly List<MetricPoint> pending = [];
    long logEvery = Math.Max(1, every ?? 1);

    public void OnStart(TrainingStart start)
    {
        logEvery = Math.Max(1, every ?? start.Plan.UpdatesPerEpoch / 100);
        if (continues is not null && start.ResumedFrom.Update > 0)
        {
            pending.AddRange(store.Metrics(continues.Id).Where(m => m.Update <= start.ResumedFrom.Update));
            pending.Add(new MetricPoint(TrialContinuation.InheritedSamples, start.ResumedFrom.Update, start.ResumedFrom.Samples));
            Flush();
        }
    }

    public void OnUpdate(in UpdateRecord update)
    {
        if (update.Update % logEvery != 0)
        {
            return;
        }

        pending.Add(new MetricPoint("loss", update.Update, update.Loss));
        pending.Add(new MetricPoint("lr", update.Update, update.LearningRate));
        if (pending.Count >= FlushAt)
        {
            Flush();
        }
    }

    /// <summary>An adaptive policy's change: B and η's scale from that update on.</summary>
    public void OnBatchChange(Training.Adaptive.BatchDecision decision)
    {
        pending.Add(new MetricPoint("batch", decision.Update, decision.Batch));
        pending.Add(new MetricPoint("lr_scale", decision.Update, decision.RateScale));
    }

    public void OnEvaluation(EvaluationRecord evaluation)
    {
        foreach (var (name, value) in evaluation.Values)
        {
            pending.Add(new MetricPoint(name, evaluation.Update, value));
        }

        pending.Add(new MetricPoint("epoch", evaluation.Update, evaluation.Epoch));
        pending.Add(new MetricPoint("step_time", evaluation.Update, evaluation.StepSeconds));
        pending.Add(new MetricPoint("wall_time", evaluation.Update, evaluation.WallSeconds));
        Flush();
    }

    /// <summary>Writes the buffered points; throws <see cref="LeaseLostException"/> when the trial is no longer ours.</summary>
    public void Flush()
    {
        if (pending.Count == 0)
        {
            return;
        }

        store.AppendMetrics(lease, pending);
        pending.Clear();
    }
}
