using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Runs;
using BatchLab.Sweeps.Results;
using BatchLab.Sweeps.Specs;

namespace BatchLab.Studies;

/// <summary>
/// Times a few training steps at every batch size of a study's grid before the sweep, so its
/// progress view can give an ETA from the first second (<see cref="StepCostEta"/>). Cost: one
/// data load and model build, then about <see cref="SecondsPerBatch"/> of steps per B (at least
/// two steps after one warm-up); under a second for quick's six batch sizes on mlp:256. The weights
/// it trains are a throwaway copy.
/// </summary>
public static class StudyStepCosts
{
    public const double SecondsPerBatch = 0.1;

    public static StepCosts Measure(SweepSpec sweep, DataContext? context)
    {
        var spec = sweep.Base;
        using var data = RunFactory.LoadData(spec, context);
        using var model = RunFactory.CreateModel(spec, data);
        var plans = sweep.Points().Select(p => p.Apply(spec).Train).Where(t => t.Adaptive is null)
            .Select(t => (Plan: t.Plan(data.Train.Count), t.Optimizer)).DistinctBy(p => p.Plan.Batch).ToList();
        var seconds = new Dictionary<long, double>();
        foreach (var (plan, optimizer) in plans)
        {
            using var timer = new StepTimer(model, data, plan.MicroBatch, plan.NormBatch, optimizer: optimizer);
            timer.Run(plan.Batch, 1); // warm-up: first-call allocations
            var clock = Stopwatch.StartNew();
            long updates = 0;
            while (updates < 2 || clock.Elapsed.TotalSeconds < SecondsPerBatch)
            {
                timer.Run(plan.Batch, 1);
                updates++;
            }

            seconds[plan.Batch] = clock.Elapsed.TotalSeconds / updates;
        }

        return new StepCosts(data.Train.Count, seconds);
    }
}
