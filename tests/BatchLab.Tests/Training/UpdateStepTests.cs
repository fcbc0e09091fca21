using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using BatchLab.Runtime;
using BatchLab.Tests.Support;
using BatchLab.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Tests.Training;

/// <summary>
/// Every measurement trains through one <see cref="UpdateStep"/>: the throughput timer must do the
/// trainer's work, the same gradient for the same samples with the same B, M and G.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class UpdateStepTests
{
    /// <summary>Records the update gradient the step hands the optimizer.</summary>
    sealed class GradientCapture : IGradientProbe
    {
        public Tensor? Gradient { get; private set; }

        public void AfterMicroBatch(long update, int microBatch, long samplesSoFar, long batch, IReadOnlyList<Parameter> parameters)
        {
        }

        public void AfterBatch(long update, long batch, IReadOnlyList<Parameter> parameters) =>
            Gradient ??= cat([.. parameters.Select(p => p.grad!.flatten())], 0).detach().clone().DetachFromDisposeScope();
    }

    static nn.Module<Tensor, Tensor> Model() =>
        ModelZoo.Create("mlp:16,bn", new ModelInput([10], 3), ScalarType.Float64);

    [Theory]
    [InlineData(32L, null, null)]
    [InlineData(32L, 8L, 4L)]
    [InlineData(30L, 12L, 4L)]
    public void The_throughput_timer_computes_the_gradient_the_trainer_applies(long batch, long? microBatch, long? normBatch)
    {
        using var source = TinyData.Classification(n: 300);
        using var data = source.ToDtype(ScalarType.Float64);
        var options = new TrainOptions
        {
            Batch = BatchSize.Of(batch),
            MicroBatch = microBatch,
            NormBatch = normBatch,
            LearningRate = new LearningRateOptions(Lr: 1e-3),
            Budget = new Budget(Updates: 1),
            Precision = Precision.Float64,
            Seed = 5,
        };
        manual_seed(1);
        var trained = new GradientCapture();
        using (var trainer = new Trainer(Model(), data, options, new TrainerHooks { Probe = trained }))
        {
            trainer.Run();
        }

        // The same samples the trainer's first update drew, through the throughput timer.
        using var sampler = new Sampler(options.Plan(data.Train.Count), options.Seed);
        var (rows, _) = sampler.Take(default);
        manual_seed(1);
        var model = Model();
        model.train();
        var timed = new GradientCapture();
        using (var timer = new StepTimer(model, data, microBatch, normBatch, timed))
        {
            timer.Apply(rows);
        }

        var difference = (trained.Gradient! - timed.Gradient!).abs().max().item<double>();
        Assert.True(difference < 1e-12, $"largest gradient difference {difference}");
        Assert.True(trained.Gradient!.abs().max().item<double>() > 1e-3, "the gradient is not trivially zero");
    }

    [Fact]
    public void Micro_batches_weight_each_window_by_its_own_samples()
    {
        // Losses 1 per sample: windows of 4, 4 and 2 of B = 10 must each add size/B.
        var windows = new List<long>();
        var total = UpdateStep.MicroBatches(10, 4, (start, size) =>
        {
            windows.Add(size);
            return ones([], ScalarType.Float64, requires_grad: true).Mul(size);
        });

        Assert.Equal([4L, 4L, 2L], windows);
        Assert.Equal(1.0, total.item<double>(), 15);
    }
}
