using BatchLab.Data;
using BatchLab.Diagnostics.Noise;
using BatchLab.Models;
using BatchLab.Runs;
using BatchLab.Text;
using BatchLab.Training;

namespace BatchLab.Studies;

/// <summary>
/// One evaluation of the tracked run: progress, training loss and the smoothed B_simple with its
/// 90% interval; NaN where it was not measurable at this B, with <see cref="LowerBound"/> then.
/// </summary>
public sealed record NoisePoint(long Update, long Samples, double TrainLoss, double NoiseScale)
{
    public double Low { get; init; } = double.NaN;

    public double High { get; init; } = double.NaN;

    /// <summary>When not measurable: B_simple is at least this.</summary>
    public double LowerBound { get; init; } = double.NaN;
}

/// <summary>How the gradient noise scale moved as the loss fell, in one run of the best configuration.</summary>
public sealed record NoiseOverTrainingResult(string Configuration, IReadOnlyList<NoisePoint> Points, string Finding)
{
    /// <summary>Where the run first met the spec's target, when it was asked to keep it (null otherwise or when never met).</summary>
    public TargetHit? TargetReached { get; init; }

    /// <summary>The batch size of the tracked run.</summary>
    public long Batch { get; init; }

    /// <summary>Evaluations where |G|² was not resolved (B ≲ B_simple): no B_simple there, only a lower bound.</summary>
    public IReadOnlyList<NoisePoint> NotMeasurable { get; init; } = [];

    /// <summary>Why the tracked run is not the trial's trajectory; null when it replays it.</summary>
    public string? NotAReplay { get; init; }

    /// <summary>
    /// Retrains <paramref name="spec"/> with the noise tracker (M = ⌈B/2⌉ unless set: exact, so the
    /// trajectory is the trial's own up to float rounding, unless BatchNorm normalises over each
    /// pass — then it says so) and records B_simple at each evaluation.
    /// <paramref name="keepTarget"/> records where the spec's target is first met, without stopping there.
    /// </summary>
    public static NoiseOverTrainingResult Run(RunSpec spec, Dataset data, string label, Action<string>? log = null, bool keepTarget = false)
    {
        var options = NoiseTracking.WithTwoBatchSizes(spec.Train, data.Train.Count) with
        {
            Target = keepTarget ? spec.Train.Target is { } t ? t with { Stop = false } : null : null,
            Pruning = null,
        };
        var plan = options.Plan(data.Train.Count);
        var tracker = NoiseScaleTracker.For(plan);
        var recorder = new Recorder();
        var model = RunFactory.CreateModel(spec, data);
        var notAReplay = NoiseTracking.NotAReplay(spec.Train, options, model.HasBatchNorm(), data.Train.Count);
        log?.Invoke($"noise over training: retraining {label} with the noise tracker" + (notAReplay is null ? "" : $" ({notAReplay})"));
        TrainResult run;
        using (var trainer = new Trainer(model, data, options, new TrainerHooks { Probe = tracker, Metrics = [tracker], Observers = [recorder] }))
        {
            run = trainer.Run();
        }

        var points = recorder.Points.Where(p => double.IsFinite(p.NoiseScale)).ToList();
        var unmeasured = recorder.Points.Where(p => !double.IsFinite(p.NoiseScale) && double.IsFinite(p.LowerBound)).ToList();
        return new NoiseOverTrainingResult(label, points, Describe(points, unmeasured, plan.Batch, notAReplay))
        {
            TargetReached = run.Target,
            Batch = plan.Batch,
            NotMeasurable = unmeasured,
            NotAReplay = notAReplay,
        };
    }

    static string N(double v) => NumberFormat.General.Format(v);

    static string Describe(IReadOnlyList<NoisePoint> points, IReadOnlyList<NoisePoint> unmeasured, long batch, string? notAReplay)
    {
        var replay = notAReplay is null ? "" : $" Note: {notAReplay}.";
        if (points.Count < 2)
        {
            if (unmeasured.Count > 0)
            {
                var last = unmeasured[^1];
                return $"The tracker cannot measure B_simple at B = {batch:N0}: the per-update |G|² estimates never rose above their noise (B ≲ B_simple), so B_simple is not measurable at this B; "
                    + $"it is at least {N(last.LowerBound)} samples at the end of training. Use the fixed-weights measurements below, which take |G|² exactly.{replay}";
            }

            return "Too few evaluations carried a noise-scale estimate to show a trend." + replay;
        }

        var first = points[0];
        var end = points[^1];
        var grew = end.NoiseScale > first.NoiseScale;
        var separated = grew ? end.Low > first.High : end.High < first.Low;
        var trend = grew ? "grew" : "fell";
        var gaps = unmeasured.Count > 0 ? $" At {unmeasured.Count} evaluations |G|² was not resolved at B = {batch:N0} and no value is given there." : "";
        return $"The smoothed noise scale {trend} from {N(first.NoiseScale)} (90% interval {N(first.Low)} to {N(first.High)}) to {N(end.NoiseScale)} ({N(end.Low)} to {N(end.High)}) samples as the training loss fell from {N(first.TrainLoss)} to {N(end.TrainLoss)}"
            + (separated ? ": " : ", though the intervals overlap: ")
            + (grew
                ? "the batch size that still uses each sample well grows as training proceeds (McCandlish et al. 2018), which is the case for growing B during training."
                : "this run does not show the growth McCandlish et al. (2018) report.")
            + gaps + replay;
    }

    sealed class Recorder : ITrainingObserver
    {
        public List<NoisePoint> Points { get; } = [];

        public void OnEvaluation(EvaluationRecord e)
        {
            double Get(string name) => e.Values.TryGetValue(name, out var v) ? v : double.NaN;
            Points.Add(new NoisePoint(e.Update, e.Samples, Get("train_loss"), Get("noise_scale"))
            {
                Low = Get("noise_scale_low"),
                High = Get("noise_scale_high"),
                LowerBound = Get("noise_scale_lower_bound"),
            });
        }
    }
}
