using BatchLab.Runtime;
using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Tests.Training;

/// <summary>Gradient accumulation over micro-batches must equal one pass over the whole batch.</summary>
[Collection(GlobalRandomCollection.Name)]
public class AccumulationTests
{
    static Dictionary<string, Tensor> Train(long? microBatch, BatchSize batch, Precision precision, long updates = 20)
    {
        using var data = TinyData.Classification(n: 300);
        var model = TinyData.Mlp(seed: 3);
        var options = new TrainOptions
        {
            Batch = batch,
            MicroBatch = microBatch,
            Optimizer = new OptimizerOptions(Momentum: 0.9),
            LearningRate = new LearningRateOptions(Lr: 0.05),
            Budget = new Budget(Updates: updates),
            Precision = precision,
            Seed = 11,
        };
        using var trainer = new Trainer(model, data, options);
        trainer.Run();
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }

    static double MaxRelativeDifference(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b) =>
        a.Keys.Max(k => (a[k] - b[k]).abs().max().to_type(ScalarType.Float64).item<double>() / Math.Max(1e-30, a[k].abs().max().to_type(ScalarType.Float64).item<double>()));

    [Theory]
    [InlineData(8L)]
    [InlineData(16L)]
    [InlineData(7L)]
    public void Micro_batches_give_the_weights_of_one_pass_in_float64(long microBatch)
    {
        var whole = Train(null, BatchSize.Of(64), Precision.Float64);
        var split = Train(microBatch, BatchSize.Of(64), Precision.Float64);

        Assert.True(MaxRelativeDifference(whole, split) < 1e-9, $"M = {microBatch}: {MaxRelativeDifference(whole, split)}");
    }

    [Theory]
    [InlineData(8L)]
    [InlineData(7L)]
    public void Micro_batches_give_the_weights_of_one_pass_in_float32(long microBatch)
    {
        var whole = Train(null, BatchSize.Of(64), Precision.Float32);
        var split = Train(microBatch, BatchSize.Of(64), Precision.Float32);

        Assert.True(MaxRelativeDifference(whole, split) < 1e-4, $"M = {microBatch}: {MaxRelativeDifference(whole, split)}");
    }

    [Fact]
    public void Full_batch_with_any_micro_batch_equals_one_pass_over_the_whole_set()
    {
        var whole = Train(null, BatchSize.Full, Precision.Float64, updates: 10);
        var split = Train(37, BatchSize.Full, Precision.Float64, updates: 10);

        Assert.True(MaxRelativeDifference(whole, split) < 1e-9);
    }

    [Fact]
    public void Accumulated_gradient_is_the_mean_of_per_sample_gradients()
    {
        // Independent reference: the mean of 64 per-sample gradients computed one sample at a time.
        using var data = TinyData.Classification(n: 64);
        var reference = TinyData.Mlp(seed: 5);
        reference.to(ScalarType.Float64);
        var x = data.Train.Inputs.to(ScalarType.Float64);
        var sum = reference.parameters().Select(p => zeros_like(p)).ToArray();
        for (var i = 0; i < 64; i++)
        {
            reference.zero_grad();
            nn.functional.cross_entropy(reference.call(x.narrow(0, i, 1)), data.Train.Targets.narrow(0, i, 1)).backward();
            var ps = reference.parameters().ToArray();
            for (var j = 0; j < ps.Length; j++)
            {
                sum[j].Add_(ps[j].grad!);
            }
        }

        var expected = sum.Select(g => g.Div(64)).ToArray();
        var model = TinyData.Mlp(seed: 5);
        var probe = new CapturingProbe();
        var options = new TrainOptions
        {
            Batch = BatchSize.Full,
            MicroBatch = 7,
            Budget = new Budget(Updates: 1),
            Precision = Precision.Float64,
            Sampling = SamplingMode.Sequential,
        };
        using (var trainer = new Trainer(model, data, options, new TrainerHooks { Probe = probe }))
        {
            trainer.Run();
        }

        for (var j = 0; j < expected.Length; j++)
        {
            Assert.True((probe.Gradients[j] - expected[j]).abs().max().item<double>() < 1e-12);
        }
    }

    [Fact]
    public void With_batch_norm_and_a_fixed_normalization_batch_the_result_does_not_depend_on_the_micro_batch()
    {
        Dictionary<string, Tensor> TrainBn(long microBatch)
        {
            using var data = TinyData.Classification(n: 300);
            manual_seed(8);
            var model = BatchLab.Models.ModelZoo.Create("mlp:32x16,bn", new BatchLab.Models.ModelInput(data.SampleShape, data.Outputs));
            var options = new TrainOptions
            {
                Batch = BatchSize.Of(64),
                MicroBatch = microBatch,
                NormBatch = 8,
                Optimizer = new OptimizerOptions(Momentum: 0.9),
                LearningRate = new LearningRateOptions(Lr: 0.05),
                Budget = new Budget(Updates: 20),
                Precision = Precision.Float64,
                Seed = 2,
            };
            using var trainer = new Trainer(model, data, options);
            trainer.Run();

            // Weights and the BN running statistics (buffers) both.
            return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().to_type(ScalarType.Float64));
        }

        var reference = TrainBn(64);
        foreach (var m in new long[] { 32, 16, 8 })
        {
            var other = TrainBn(m);
            Assert.True(MaxRelativeDifference(reference, other) < 1e-9, $"M = {m}: {MaxRelativeDifference(reference, other)}");
        }
    }

    sealed class CapturingProbe : IGradientProbe
    {
        public Tensor[] Gradients { get; private set; } = [];

        public void AfterMicroBatch(long update, int microBatch, long samplesSoFar, long batch, IReadOnlyList<TorchSharp.Modules.Parameter> parameters)
        {
        }

        public void AfterBatch(long update, long batch, IReadOnlyList<TorchSharp.Modules.Parameter> parameters) =>
            Gradients = [.. parameters.Select(p => p.grad!.detach().clone().DetachFromDisposeScope())];
    }
}
