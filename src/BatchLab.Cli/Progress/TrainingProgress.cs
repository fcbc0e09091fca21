using System.Diagnostics;
using System.Globalization;
using BatchLab.Training;
using BatchLab.Training.Adaptive;
using Spectre.Console;

namespace BatchLab.Cli.Progress;

/// <summary>Where a run's progress goes; see <see cref="TrainingProgress"/>.</summary>
public enum ProgressMode
{
    /// <summary>`train` on a terminal: a live bar (update of total, epoch, loss, last errors, ETA).</summary>
    Live,

    /// <summary>`train` into a file or pipe: one line per evaluation.</summary>
    Lines,

    /// <summary>A worker started by a sweep: <see cref="ProgressLine"/>s for the sweep's view.</summary>
    Protocol,

    /// <summary>A worker on its own: nothing per update (the worker logs each trial's end).</summary>
    Quiet,
}

/// <summary>
/// Progress of one training run on stderr. The plan line is printed once at the start; every
/// evaluation gets a line in <see cref="ProgressMode.Lines"/> mode and, with --verbose, in the
/// worker modes too.
/// </summary>
public sealed class TrainingProgress(string label, ProgressMode mode, bool verbose = false, long trial = 0) : ITrainingObserver
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;
    static readonly TimeSpan ProtocolInterval = TimeSpan.FromMilliseconds(500);
    readonly Stopwatch sinceSent = new();
    ProgressTask? bar;
    long? total;
    double updatesPerEpoch = 1;
    string lastEval = "";
    static readonly TimeSpan EvalLineInterval = TimeSpan.FromSeconds(10);
    readonly Stopwatch evaluating = new();
    int evalLines;

    /// <summary>The live bar to move (<see cref="ProgressMode.Live"/>): a task of the Spectre progress display the command runs.</summary>
    public void Attach(ProgressContext context) => bar = context.AddTask(Markup.Escape(label), autoStart: true, maxValue: 1);

    public void OnStart(TrainingStart start)
    {
        total = start.TotalUpdates;
        updatesPerEpoch = Math.Max(1, start.Plan.UpdatesPerEpoch);
        var p = start.Plan;
        var resumed = start.ResumedFrom.Update > 0 ? string.Create(I, $", resumed at update {start.ResumedFrom.Update:N0}") : "";
        if (mode is ProgressMode.Live or ProgressMode.Lines || verbose)
        {
            Output.Log(string.Create(I,
                $"{label}: B={p.Batch} M={p.MicroBatch} G={p.NormBatch?.ToString(I) ?? "pass"}, {p.UpdatesPerEpoch:N0} updates/epoch of {p.MicroBatchesPerUpdate} micro-batches, η={start.PeakLearningRate:G4}{resumed}"));
            if (start.Adaptive is { } a)
            {
                Output.Log($"{label}: {AdaptivePlan.Describe(a, p)}");
            }
        }
        else if (resumed.Length > 0)
        {
            // A worker's one line at the start of a trial: only when it takes over from a checkpoint.
            Output.Log($"trial {trial} ({label}){resumed}");
        }

        if (bar is not null)
        {
            bar.IsIndeterminate = total is null;
            bar.MaxValue = Math.Max(1, total ?? 1);
            bar.Value = start.ResumedFrom.Update;
        }
    }

    public void OnUpdate(in UpdateRecord update)
    {
        if (bar is not null)
        {
            bar.Value = update.Update;
            bar.Description = Markup.Escape(string.Create(I, $"{label} ep {update.Epoch:F2} loss {update.Loss:G3}{lastEval}"));
        }
        else if (mode == ProgressMode.Protocol && (!sinceSent.IsRunning || sinceSent.Elapsed >= ProtocolInterval))
        {
            sinceSent.Restart();
            Output.Log(new ProgressLine(trial, label, update.Update, total, update.Epoch).ToString());
        }
    }

    /// <summary>
    /// A long evaluation moves the live bar's text ("evaluating train 20,480/60,000"); in line mode
    /// a line every <see cref="EvalLineInterval"/> once it has run that long, so short evaluations
    /// print nothing extra.
    /// </summary>
    public void OnEvaluationProgress(string split, long done, long total)
    {
        if (!evaluating.IsRunning)
        {
            evaluating.Restart();
            evalLines = 0;
        }

        var text = string.Create(I, $"{label}: evaluating {split} {done:N0}/{total:N0} samples");
        if (bar is not null)
        {
            bar.Description = Markup.Escape(text);
        }
        else if (mode == ProgressMode.Lines && evaluating.Elapsed >= EvalLineInterval * (evalLines + 1))
        {
            evalLines++;
            Output.Log(text + string.Create(I, $" ({evaluating.Elapsed.TotalSeconds:F0} s)"));
        }
    }

    public void OnEvaluation(EvaluationRecord evaluation)
    {
        evaluating.Reset();
        var v = evaluation.Values;
        var errors = new[] { "val_error", "test_error" }.Where(v.ContainsKey).Select(k => string.Create(I, $" {k} {v[k] * 100:F2}%"));
        lastEval = string.Concat(errors.Take(1));
        if (mode == ProgressMode.Lines || verbose)
        {
            var all = string.Join(' ', new[] { "train_loss", "val_loss", "val_error", "test_error" }
                .Where(v.ContainsKey)
                .Select(k => k.EndsWith("error", StringComparison.Ordinal)
                    ? string.Create(I, $"{k}={v[k] * 100:F2}%")
                    : string.Create(I, $"{k}={v[k]:G4}")));
            Output.Log(string.Create(I, $"{label}: update {evaluation.Update:N0} epoch {evaluation.Epoch:F2} {all}"));
        }
    }

    public void OnEnd(TrainResult result)
    {
        if (bar is not null)
        {
            bar.Value = bar.MaxValue;
            bar.StopTask();
        }
    }

    /// <summary>The mode for `train`: live on a terminal, lines otherwise.</summary>
    public static ProgressMode ForTrain => Terminal.IsLive ? ProgressMode.Live : ProgressMode.Lines;
}
