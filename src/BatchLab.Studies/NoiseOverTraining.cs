using BatchLab.Data;
using BatchLab.Diagnostics.Noise;
using BatchLab.Runs;
using BatchLab.Text;
using BatchLab.Training;

namespace BatchLab.Studies;

/// <summary>One evaluation of the tracked run: progress, training loss and the smoothed B_simple.</summary>
public sealed record NoisePoint(long Update, long Samples, double TrainLoss, double NoiseScale);

/// <summary>How the gradient noise scale moved as the loss fell, in one run of the best configuration.</summary>
public sealed record NoiseOverTrainingResult(string Configuration, IReadOnlyList<NoisePoint> Points, string Finding)
{
    /// <summary>Where the run first met the spec's target, when it was asked to keep it (null otherwise or when never met).</summary>
    public TargetHit? TargetReached { get; init; }

    /// <summary>
    /// Retrains <paramref name="spec"/> with the noise tracker (M = ⌈B/2⌉ unless set: exact, so the
    /// trajectory is the trial's own up to float rounding) and records B_simple at each evaluation.
    /// <paramref name="keepTarget"/> records where the spec's target is first met, without stopping there.
    /// </summary>
    public static NoiseOverTrainingResult Run(RunSpec spec, Dataset data, string label, Action<string>? log = null, bool keepTarget = false)
    {
        var options = NoiseTracking.WithTwoBatchSizes(spec.Train, data.Train.Count) with { Target = keepTarget ? spec.Train.Target is { } t ? t with { Stop = false } : null : null };
        var tracker = NoiseScaleTracker.For(options.Plan(data.Train.Count));
        var recorder = new Recorder();
        log?.Invoke($"noise over training: retraining {label} with the noise tracker");
        TrainResult run;
        using (var trainer = new Trainer(RunFactory.CreateModel(spec, data), data, options, new TrainerHooks { Probe = tracker, Metrics = [tracker], Observers = [recorder] }))
        {
            run = trainer.Run();
        }

        var points = recorder.Points.Where(p => double.IsFinite(p.NoiseScale)).ToList();
        return new NoiseOverTrainingResult(label, points, Describe(points)) { TargetReached = run.Target };
    }

    static string Describe(IReadOnlyList<NoisePoint> points)
    {
        if (points.Count < 2)
        {
            return "Too few evaluations carried a noise-scale estimate to show a trend.";
        }

        var first = points[0];
        var last = points[^1];
        var trend = last.NoiseScale > first.NoiseScale ? "grew" : "fell";
        return $"As the training loss fell from {NumberFormat.General.Format(first.TrainLoss)} to {NumberFormat.General.Format(last.TrainLoss)}, the smoothed noise scale {trend} from {NumberFormat.General.Format(first.NoiseScale)} to {NumberFormat.General.Format(last.NoiseScale)} samples: "
            + (last.NoiseScale > first.NoiseScale
                ? "the batch size that still uses each sample well grows as training proceeds (McCandlish et al. 2018), which is the case for growing B during training."
                : "this run does not show the growth McCandlish et al. (2018) report.");
    }

    sealed class Recorder : ITrainingObserver
    {
        public List<NoisePoint> Points { get; } = [];

        public void OnEvaluation(EvaluationRecord e) => Points.Add(new NoisePoint(e.Update, e.Samples,
            e.Values.TryGetValue("train_loss", out var loss) ? loss : double.NaN,
            e.Values.TryGetValue("noise_scale", out var noise) ? noise : double.NaN));
    }
}
