using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Training;

namespace BatchLab.Studies.Advice;

/// <summary>One probe run: per-sample rate η̃ (η = B·η̃), its validation loss at the end, and whether it diverged.</summary>
public sealed record RateProbe(double BaseLearningRate, double LearningRate, double ValidationLoss, bool Diverged);

/// <summary>
/// A short learning-rate probe at one batch size: a few very short runs (same seed) at different
/// η̃, ranked by validation loss at their end. A probe this short favours rates that make fast
/// early progress, so it finds the usable range, not the final optimum a full sweep would.
/// </summary>
public sealed record LearningRateProbeResult(long Batch, double Epochs, IReadOnlyList<RateProbe> Runs, double? BestBaseLearningRate)
{
    public static LearningRateProbeResult Run(RunSpec spec, Dataset data, long batch, IReadOnlyList<double> baseRates, double epochs, Action<string>? log = null)
    {
        var runs = new List<RateProbe>();
        foreach (var rate in baseRates.Order())
        {
            var options = spec.Train with
            {
                Batch = BatchSize.Of(batch),
                MicroBatch = null,
                LearningRate = spec.Train.LearningRate with { Lr = null, BaseLr = rate, Scaling = LrScaling.None, RefBatch = null },
                Budget = new Budget(Epochs: epochs),
                EvalEvery = null,
                Target = null,
                TrainEvalSamples = Math.Min(data.Train.Count, 2048),
            };
            using var trainer = new Trainer(RunFactory.CreateModel(spec with { Train = options }, data), data, options);
            var result = trainer.Run();
            var diverged = result.State == RunEnd.Diverged;
            var loss = diverged ? double.NaN : result.Final.GetValueOrDefault("val_loss", double.NaN);
            runs.Add(new RateProbe(rate, rate * batch, loss, diverged || !double.IsFinite(loss)));
            log?.Invoke($"learning-rate probe: B = {batch}, η̃ = {rate:G3} → {(diverged ? "diverged" : $"val_loss {loss:G4}")}");
        }

        var usable = runs.Where(r => !r.Diverged).ToList();
        return new LearningRateProbeResult(batch, epochs, runs, usable.Count == 0 ? null : usable.MinBy(r => r.ValidationLoss)!.BaseLearningRate);
    }
}
