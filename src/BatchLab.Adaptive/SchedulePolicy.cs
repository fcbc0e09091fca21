using BatchLab.Text;
using BatchLab.Training;
using BatchLab.Training.Adaptive;

namespace BatchLab.Adaptive;

/// <summary>
/// Smith, Kindermans, Ying and Le (2018), "Don't decay the learning rate, increase the batch
/// size": where a step schedule would divide η by a factor (at fractions of the budget, 0.5 and
/// 0.75 by default), B is multiplied by that factor instead and η stays; once B reaches its
/// maximum, η decays as the step schedule would. Deterministic in the samples seen, so its
/// state is just how many drops were applied.
/// </summary>
public sealed class SchedulePolicy : IBatchPolicy, IEvaluationMetrics
{
    readonly AdaptiveBatch options;
    readonly BatchPlan plan;
    readonly long totalSamples;
    readonly IReadOnlyList<double> drops;
    int applied;

    public SchedulePolicy(AdaptiveBatch options, BatchPlan plan, long totalSamples)
    {
        this.options = options;
        this.plan = plan;
        this.totalSamples = totalSamples;
        drops = [.. (options.Drops ?? [0.5, 0.75]).Order()];
        Batch = plan.Batch;
    }

    public long Batch { get; private set; }

    public double RateScale { get; private set; } = 1;

    public BatchDecision? AfterUpdate(TrainCounters counters)
    {
        var due = drops.Count(d => counters.Samples >= d * totalSamples);
        if (due <= applied)
        {
            return null;
        }

        string reason = "";
        while (applied < due)
        {
            var grown = options.Clamp((long)Math.Round(Batch * options.Factor), plan.MicroBatch, plan.TrainSize);
            if (grown > Batch)
            {
                reason = $"drop {applied + 1} at {NumberFormat.Percent(0).Format(drops[applied])} of the budget: B × {NumberFormat.General.Format(options.Factor)}";
                Batch = grown;
            }
            else
            {
                reason = $"drop {applied + 1} at {NumberFormat.Percent(0).Format(drops[applied])} of the budget: B is at its maximum, so η ÷ {NumberFormat.General.Format(options.Factor)}";
                RateScale /= options.Factor;
            }

            applied++;
        }

        return new BatchDecision(counters.Update, counters.Samples, Batch, RateScale, null, null, reason);
    }

    public void AddTo(IDictionary<string, double> values)
    {
        values["batch"] = Batch;
        values["lr_scale"] = RateScale;
    }

    public IReadOnlyDictionary<string, double> Save() => new Dictionary<string, double>
    {
        ["batch"] = Batch,
        ["lr_scale"] = RateScale,
        ["drops_applied"] = applied,
    };

    public void Restore(IReadOnlyDictionary<string, double> state)
    {
        if (state.Count == 0)
        {
            return;
        }

        Batch = (long)state["batch"];
        RateScale = state["lr_scale"];
        applied = (int)state["drops_applied"];
    }
}
