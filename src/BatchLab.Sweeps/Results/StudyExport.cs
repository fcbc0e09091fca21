using System.Text.Json;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Text;
using BatchLab.Training;

namespace BatchLab.Sweeps.Results;

/// <summary>A study's results: what `batchlab export` writes as JSON, or as CSV through <see cref="TrialTable"/> and <see cref="CurveTable"/>.</summary>
public sealed record StudyExport(string Study, JsonElement Spec, IReadOnlyList<string> Axes, IReadOnlyList<ExportedTrial> Trials)
{
    public static StudyExport Of(IExperimentStore store, string study, bool curves)
    {
        var stored = store.GetStudy(study) ?? throw new BatchLabException($"no study named '{study}' in {store.Location}");
        var trials = store.TrialsOf(study);
        var exported = trials.Select(t =>
        {
            var point = GridPoint.FromKey(t.Key);
            return new ExportedTrial(
                t.Number,
                point.Values.ToDictionary(v => v.Key, v => v.Value),
                t.State.ToName(),
                t.Attempt,
                t.Failures,
                t.StartedAt,
                t.FinishedAt,
                TrialSummaries.Of(t),
                t.Error,
                Json(t.Parameters),
                curves ? Curves(store.Metrics(t.Id)) : null);
        }).ToList();

        // Trials of one study share their axes; the union keeps a hand-made study readable too.
        var axes = exported.SelectMany(t => t.Point.Keys).Distinct().OrderBy(GridPoint.DisplayOrder).ToList();
        return new StudyExport(study, Json(stored.Spec), axes, exported);
    }

    /// <summary>Final metrics (and their best values over the run) in CSV columns, in this order.</summary>
    public static IReadOnlyList<string> Metrics { get; } = Target.Metrics;

    /// <summary>One row per trial: grid point, state, counters, final and best metrics, divergence, weights hash.</summary>
    public DataTable TrialTable()
    {
        string[] columns =
        [
            "trial", .. Axes, "state", "attempt", "failures", "updates", "epochs", "samples", "batch_samples", "learning_rate",
            "step_seconds", "wall_seconds", .. Metrics, .. Metrics.Select(m => "best_" + m), "diverged_at_update", "target_update",
            "weights_sha256", "error",
        ];
        var rows = Trials.Select(t =>
        {
            var s = t.Summary;
            double? Best(string metric) => s?.Best.TryGetValue(metric, out var v) == true ? v : null;
            double? Final(string metric) => metric switch
            {
                "train_loss" => s?.TrainLoss,
                "train_error" => s?.TrainError,
                "val_loss" => s?.ValLoss,
                "val_error" => s?.ValError,
                "test_loss" => s?.TestLoss,
                _ => s?.TestError,
            };
            object?[] row =
            [
                t.Number, .. Axes.Select(a => Cell(t.Point, a)), t.State, t.Attempt, t.Failures, s?.Updates, s?.Epochs, s?.Samples, s?.Batch, s?.LearningRate,
                s?.StepSeconds, s?.WallSeconds, .. Metrics.Select(Final), .. Metrics.Select(Best), s?.Divergence?.Update, s?.Target?.Update,
                s?.WeightsSha256, t.Error,
            ];
            return (IReadOnlyList<object?>)row;
        }).ToList();
        return new DataTable("trials", columns, rows);
    }

    /// <summary>The curves in long format: one row per (trial, metric, update).</summary>
    public DataTable CurveTable()
    {
        string[] columns = ["trial", .. Axes, "name", "update", "value"];
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var t in Trials)
        {
            foreach (var (name, curve) in t.Curves ?? throw new InvalidOperationException("export made without curves"))
            {
                for (var i = 0; i < curve.Update.Count; i++)
                {
                    rows.Add([t.Number, .. Axes.Select(a => Cell(t.Point, a)), name, curve.Update[i], curve.Value[i]]);
                }
            }
        }

        return new DataTable("curves", columns, rows);
    }

    static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    static object? Cell(IReadOnlyDictionary<string, GridValue> point, string axis) =>
        point.TryGetValue(axis, out var v) ? v.Number is double n ? n : v.Word : null;

    static Dictionary<string, Curve> Curves(IReadOnlyList<MetricPoint> points) =>
        points.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => new Curve([.. g.Select(p => p.Update)], [.. g.Select(p => p.Value)]));
}
