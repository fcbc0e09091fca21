using BatchLab.Adaptive;
using BatchLab.Data;
using BatchLab.Runtime;
using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Adaptive;
using BatchLab.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Tests.Training.Adaptive;

/// <summary>
/// Training with a changing B stays exact (each update is the mean gradient over its own B
/// samples), resumes bit-identically, and a policy that never changes B is the fixed run.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class AdaptiveTrainingTests
{
    sealed class Updates : ITrainingObserver
    {
        public List<(long Batch, double Rate)> Applied { get; } = [];

        public List<BatchDecision> Decisions { get; } = [];

        long samples;

        public void OnUpdate(in UpdateRecord update)
        {
            Applied.Add((update.Samples - samples, update.LearningRate));
            samples = update.Samples;
        }

        public void OnBatchChange(BatchDecision decision) => Decisions.Add(decision);
    }

    static Dataset Regression(long n = 240, int d = 5)
    {
        using var generator = new Generator(3, CPU);
        var x = randn([n, d], ScalarType.Float64, generator: generator);
        var y = x.matmul(randn([d, 1], ScalarType.Float64, generator: generator)).Add_(randn([n, 1], ScalarType.Float64, generator: generator).Mul_(0.1));
        return new Dataset
        {
            Name = "regression",
            Task = TaskKind.Regression,
            Classes = 0,
            SampleShape = [d],
            Provenance = "test",
            Train = new TensorSplit(x, y),
            Validation = new TensorSplit(x.narrow(0, 0, 20), y.narrow(0, 0, 20)),
            Test = new TensorSplit(x.narrow(0, 0, 20), y.narrow(0, 0, 20)),
        };
    }

    [Fact]
    public void Every_update_at_a_changing_b_is_the_mean_gradient_over_its_own_samples()
    {
        using var data = Regression();
        var options = new TrainOptions
        {
            Adaptive = new AdaptiveBatch { Policy = BatchPolicyKind.Schedule, Min = 8, Max = 64, Factor = 2, Drops = [0.25, 0.5, 0.75] },
            LearningRate = new LearningRateOptions(Lr: 0.05),
            Budget = new Budget(Epochs: 4),
            Precision = Precision.Float64,
            Seed = 2,
        };
        manual_seed(9);
        var model = nn.Linear(5, 1).to(ScalarType.Float64);
        var (w, b) = (model.weight!.detach().clone(), model.bias!.detach().clone());
        var updates = new Updates();
        using (var trainer = new Trainer(model, data, options, BatchPolicies.With(new TrainerHooks { Observers = [updates] }, options, data.Train.Count)))
        {
            trainer.Run();
        }

        // B doubles at 25%, 50% and 75% of the 960 samples: 8, 16, 32, 64.
        Assert.Equal([16L, 32, 64], updates.Decisions.Select(d => d.Batch));
        Assert.Equal([8L, 16, 32, 64], updates.Applied.Select(a => a.Batch).Where(s => s is 8 or 16 or 32 or 64).Distinct());

        // The same samples by hand: w ← w − η·Σ(f − y)x/B, in closed form.
        using var sampler = new Sampler(options.Plan(data.Train.Count), options.Seed);
        var position = default(SamplerPosition);
        foreach (var (batch, rate) in updates.Applied)
        {
            var (rows, next) = sampler.Take(position, batch);
            var x = data.Train.Inputs.index_select(0, rows);
            var residual = x.matmul(w.t()).Add(b).sub(data.Train.Targets.index_select(0, rows));
            w = w.sub(residual.t().matmul(x).Div(batch).Mul(rate));
            b = b.sub(residual.sum(dim: 0).Div(batch).Mul(rate));
            position = next;
        }

        Assert.True((w - model.weight!).abs().max().item<double>() < 1e-12);
        Assert.True((b - model.bias!).abs().max().item<double>() < 1e-12);
    }

    static TrainResult Run(TrainOptions options, TrainerHooks hooks, ThroughputTable? table = null, CancellationToken cancel = default)
    {
        using var data = TinyData.Classification(n: 256);
        using var trainer = new Trainer(TinyData.Mlp(seed: options.Seed), data, options, BatchPolicies.With(hooks, options, data.Train.Count, table));
        return trainer.Run(cancel);
    }

    static readonly TrainOptions Fixed = new()
    {
        Batch = BatchSize.Of(16),
        MicroBatch = 8,
        LearningRate = new LearningRateOptions(Lr: 0.05),
        Budget = new Budget(Epochs: 3),
        EvalEvery = Duration.Updates(8),
        Seed = 6,
    };

    [Theory]
    [InlineData("adaptive:policy=goodput,min=16,max=16")]
    [InlineData("adaptive:policy=schedule,min=16,max=64,drops=none")]
    public void A_policy_that_never_changes_b_trains_the_fixed_run_bit_for_bit(string batch)
    {
        var reference = Run(Fixed, new TrainerHooks());
        var adaptive = Run(Fixed with { Adaptive = AdaptiveBatchSyntax.Parse(batch) }, new TrainerHooks(), new ThroughputTable([(16, 1000)]));

        Assert.Equal(reference.WeightsSha256, adaptive.WeightsSha256);
        Assert.Equal(reference.Updates, adaptive.Updates);
    }

    [Fact]
    public void A_goodput_run_stopped_after_it_changed_b_resumes_bit_identical()
    {
        // Throughput that scales perfectly makes every larger B worth taking: B grows at each decision.
        var table = new ThroughputTable([(16, 1_000), (32, 2_000), (64, 4_000), (128, 8_000)]);
        var options = Fixed with { Adaptive = AdaptiveBatchSyntax.Parse("adaptive:policy=goodput,min=16,max=128,every=4,gain=0"), Budget = new Budget(Epochs: 6) };
        var watch = new Updates();
        var uninterrupted = Run(options, new TrainerHooks { Observers = [watch] }, table);
        Assert.NotEmpty(watch.Decisions);
        var stopAt = watch.Decisions[0].Update + 3;

        var folder = new CheckpointFolder(Path.Combine(Path.GetTempPath(), "batchlab-adaptive-" + Guid.NewGuid().ToString("N")));
        var cancel = new CancellationTokenSource();
        var first = Run(options, new TrainerHooks { Checkpoints = folder, CheckpointEvery = Duration.Updates(1), Observers = [new StopAt(stopAt, cancel)] }, table, cancel.Token);
        var resumed = Run(options, new TrainerHooks { Checkpoints = folder, Resume = true }, new ThroughputTable([(16, 1)]));

        Assert.Equal(RunEnd.Interrupted, first.State);
        Assert.Equal(uninterrupted.WeightsSha256, resumed.WeightsSha256);
        Assert.Equal(uninterrupted.Updates, resumed.Updates);
        Assert.Equal(uninterrupted.Final, resumed.Final);
    }

    sealed class StopAt(long update, CancellationTokenSource cancel) : ITrainingObserver
    {
        public void OnUpdate(in UpdateRecord record)
        {
            if (record.Update == update)
            {
                cancel.Cancel();
            }
        }
    }
}
