using BatchLab.Data;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using BatchLab.Runtime;
using BatchLab.Training;
using BatchLab.Training.Adaptive;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Adaptive;

/// <summary>Builds the policy an adaptive run needs into its trainer hooks, and the throughput table goodput decides on.</summary>
public static class BatchPolicies
{
    /// <summary>
    /// <paramref name="hooks"/> with the run's batch policy: as the policy, as the gradient probe
    /// (goodput; another probe already there still sees every gradient) and as a source of
    /// evaluation values (B, η scale, the noise scale it used). A fixed-B run's hooks are returned unchanged.
    /// </summary>
    public static TrainerHooks With(TrainerHooks hooks, TrainOptions options, long trainSize, ThroughputTable? throughput = null)
    {
        if (options.Adaptive is not { } adaptive)
        {
            return hooks;
        }

        var plan = options.Plan(trainSize);
        IBatchPolicy policy = adaptive.Policy switch
        {
            BatchPolicyKind.Goodput => new GoodputPolicy(adaptive, plan,
                throughput ?? throw new BatchLabException("the goodput policy needs a throughput table (BatchPolicies.MeasureThroughput)"), hooks.Probe),
            _ => new SchedulePolicy(adaptive, plan,
                options.Budget.TotalSamples(plan) ?? throw new BatchLabException("the schedule policy grows B at fractions of the budget, so it needs a budget in epochs or samples", BatchLabException.BadInput)),
        };
        return hooks with
        {
            BatchPolicy = policy,
            Probe = policy as IGradientProbe ?? hooks.Probe,
            Metrics = [.. hooks.Metrics, (IEvaluationMetrics)policy],
        };
    }

    /// <summary>
    /// Training samples/s of <paramref name="modelSpec"/> on this machine at every B the goodput
    /// policy may pick (B₀·2^k up to the maximum), through the trainer's own step with the run's
    /// M and G, on a throwaway copy of the model. Torch's global random state is restored
    /// afterwards, so measuring leaves the run's draws (dropout) untouched. Cost: about
    /// (1 + repeats) × <paramref name="secondsPerSize"/> per size plus a warm-up, ~1 s for 8 sizes.
    /// </summary>
    public static ThroughputTable MeasureThroughput(string modelSpec, Dataset data, TrainOptions options, double secondsPerSize = 0.05, int repeats = 2)
    {
        var adaptive = options.Adaptive ?? throw new ArgumentException("not an adaptive run", nameof(options));
        var plan = options.Plan(data.Train.Count);
        var sizes = new SortedSet<long>();
        for (var b = adaptive.Min; b <= adaptive.Max; b *= 2)
        {
            sizes.Add(adaptive.Clamp(b, plan.MicroBatch, plan.TrainSize));
        }

        var saved = random.get_rng_state();
        try
        {
            var dtype = options.Precision.ToScalarType();
            var device = DeviceSelector.Resolve(options.Device);
            using var prepared = new TrainingData(data, dtype, device);
            using var model = ModelZoo.Create(modelSpec, new ModelInput(data.SampleShape, data.Outputs), dtype);
            model.to(device).train();
            using var timer = new StepTimer(model, prepared.Data, plan.MicroBatch, plan.NormBatch);
            var points = new List<(long, double)>();
            foreach (var batch in sizes)
            {
                var updates = Calibrate.Units(() => timer.Run(batch, 1), secondsPerSize);
                var timing = Measure.PerUnit(() => timer.Run(batch, updates), updates, repeats);
                points.Add((batch, batch / timing.Median));
            }

            return new ThroughputTable(points);
        }
        finally
        {
            random.set_rng_state(saved);
        }
    }
}
