using BatchLab.Data;
using BatchLab.Models;
using BatchLab.Training;
using BatchLab.Training.Fused;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>
/// The loops the throughput benchmarks time: the real <see cref="Trainer"/> and
/// <see cref="FusedTrainer"/>, plain SGD at η = 0.01, float32, evaluation pushed out of the way.
/// Models are built once per configuration and reused (each measurement starts from the same weights).
/// </summary>
public static class TrainingLoops
{
    static TrainOptions Options(long batch, long updates, long seed = 0) => new()
    {
        Batch = BatchSize.Of(batch),
        LearningRate = new LearningRateOptions(Lr: 0.01),
        Budget = new Budget(Updates: updates),
        EvalEvery = Duration.Updates(long.MaxValue / 2),
        TrainEvalSamples = 1,
        Seed = seed,
    };

    public static nn.Module<Tensor, Tensor> Model(string spec, Dataset data, long seed = 0)
    {
        manual_seed(seed);
        return ModelZoo.Create(spec, data);
    }

    /// <summary>One trial: updates/s of <paramref name="updates"/> updates at batch <paramref name="batch"/>.</summary>
    public static double Single(nn.Module<Tensor, Tensor> model, Dataset data, long batch, long updates)
    {
        var clock = new LoopClock();
        using var trainer = new Trainer(model, data, Options(batch, updates), new TrainerHooks { Observers = [clock] });
        trainer.Run();
        return clock.UpdatesPerSecond;
    }

    /// <summary>A fused group of <paramref name="models"/>.Count members: fused steps/s (each step is one update of every member).</summary>
    public static double Fused(IReadOnlyList<nn.Module<Tensor, Tensor>> models, Dataset data, long batch, long steps)
    {
        var clock = new LoopClock();
        var members = models.Select((m, k) => new FusedMember(m, Options(batch, steps, seed: k),
            new TrainerHooks { Observers = k == 0 ? [clock] : [] })).ToList();
        using var trainer = new FusedTrainer(members, data);
        trainer.Run();
        return clock.UpdatesPerSecond;
    }

    /// <summary>
    /// A measurement of about <paramref name="seconds"/>: <paramref name="loop"/> runs a given number
    /// of updates and returns its rate; a short probe run sizes the real one (at least 3 updates).
    /// </summary>
    public static Func<double> Sized(Func<long, double> loop, double seconds)
    {
        var rate = loop(3);
        var updates = Math.Clamp((long)(seconds * rate), 3, 1_000_000);
        return () => loop(updates);
    }
}
