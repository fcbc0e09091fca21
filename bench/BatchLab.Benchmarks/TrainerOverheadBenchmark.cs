using BatchLab.Data;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>One batch size: the trainer's rate and a bare loop's rate, measured in alternation.</summary>
public sealed record TrainerOverheadRow(long Batch, double TrainerUpdatesPerSecond, double TrainerSamplesPerSecond, double BareUpdatesPerSecond, double BareSamplesPerSecond, double OverheadPercent, Timing Trainer, Timing Bare);

public sealed record TrainerOverheadReport(string Model, int Threads, long UpdatesPerMeasurement, IReadOnlyList<TrainerOverheadRow> Rows);

/// <summary>
/// Updates/s and samples/s of <see cref="Trainer"/> for a 784-256-10 MLP at several B, against a
/// bare loop doing only the arithmetic (randperm slice + index_select, forward, cross-entropy,
/// backward, SGD step, zero_grad) on the same data. Overhead = trainer time / bare time − 1.
/// Data: MNIST-shaped random inputs (throughput does not depend on pixel values).
/// </summary>
public static class TrainerOverheadBenchmark
{
    public static TrainerOverheadReport Run(IReadOnlyList<long> batches, double secondsPerMeasurement = 0.5, int repeats = 5)
    {
        using var data = BenchData.RandomMnist(8192);
        var rows = new List<TrainerOverheadRow>();
        foreach (var b in batches)
        {
            var updates = Calibrate(b, data, secondsPerMeasurement);
            var (trainer, bare) = Measure.Paired(() => TrainerLoop(b, data, updates), () => BareLoop(b, data, updates), updates, repeats);
            rows.Add(new TrainerOverheadRow(b, 1 / trainer.Median, b / trainer.Median, 1 / bare.Median, b / bare.Median,
                ((trainer.Median / bare.Median) - 1) * 100, trainer, bare));
        }

        return new TrainerOverheadReport("mlp:256 (784-256-10, ReLU)", get_num_threads(), 0, rows);
    }

    static long Calibrate(long batch, Dataset data, double seconds)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        BareLoop(batch, data, 20);
        var perUpdate = watch.Elapsed.TotalSeconds / 20;
        return Math.Max(20, (long)(seconds / perUpdate));
    }

    internal static nn.Module<Tensor, Tensor> Mlp()
    {
        manual_seed(0);
        return nn.Sequential(("flatten", nn.Flatten()), ("fc1", nn.Linear(784, 256)), ("relu1", nn.ReLU()), ("fc2", nn.Linear(256, 10)));
    }

    static void TrainerLoop(long batch, Dataset data, long updates)
    {
        var options = new TrainOptions
        {
            Batch = BatchSize.Of(batch),
            LearningRate = new LearningRateOptions(Lr: 0.01),
            Budget = new Budget(Updates: updates),
            EvalEvery = Duration.Updates(long.MaxValue / 2),
            TrainEvalSamples = 1,
        };
        using var trainer = new Trainer(Mlp(), data, options);
        trainer.Run();
    }

    static void BareLoop(long batch, Dataset data, long updates)
    {
        var model = Mlp();
        var optimizer = optim.SGD(model.parameters(), 0.01);
        var n = data.Train.Count;
        var order = randperm(n);
        long offset = 0;
        for (long u = 0; u < updates; u++)
        {
            using var scope = NewDisposeScope();
            if (offset + batch > n)
            {
                order.Dispose();
                order = randperm(n).DetachFromDisposeScope();
                offset = 0;
            }

            var rows = order.narrow(0, offset, batch);
            offset += batch;
            var loss = nn.functional.cross_entropy(model.call(data.Train.Inputs.index_select(0, rows)), data.Train.Targets.index_select(0, rows));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
        }

        order.Dispose();
    }
}
