using System.Diagnostics;
using System.Globalization;
using BatchLab.Training;
using BatchLab.Training.Adaptive;

namespace BatchLab.Cli;

/// <summary>
/// Progress of one training run on stderr: a live line (epoch, update, loss, error, samples/s,
/// ETA) redrawn at most 10 times a second on a terminal; a plain line per evaluation otherwise.
/// </summary>
public sealed class TrainingProgress(string label) : ITrainingObserver
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    readonly bool live = !Console.IsErrorRedirected;
    readonly Stopwatch sinceDraw = Stopwatch.StartNew();
    long? total;
    long updatesPerEpoch = 1;
    long startUpdate;
    long startSamples;
    double startWall;
    string lastEval = "";
    UpdateRecord last;

    public void OnStart(TrainingStart start)
    {
        total = start.TotalUpdates;
        updatesPerEpoch = start.Plan.UpdatesPerEpoch;
        startUpdate = start.ResumedFrom.Update;
        startSamples = start.ResumedFrom.Samples;
        startWall = start.ResumedFrom.WallSeconds;
        var p = start.Plan;
        var resumed = start.ResumedFrom.Update > 0 ? string.Create(Invariant, $" | resumed at update {start.ResumedFrom.Update:N0}") : "";
        Output.Log(string.Create(Invariant,
            $"{label}: B={p.Batch} M={p.MicroBatch} G={p.NormBatch?.ToString(Invariant) ?? "pass"} | {p.UpdatesPerEpoch:N0} updates/epoch, {p.MicroBatchesPerUpdate} micro-batches/update, {p.SamplesPerEpoch:N0} samples/epoch | η={start.PeakLearningRate:G4}{resumed}"));
        if (start.Adaptive is { } a)
        {
            Output.Log($"{label}: {AdaptivePlan.Describe(a, p)}");
        }
    }

    public void OnUpdate(in UpdateRecord update)
    {
        last = update;
        if (live && sinceDraw.ElapsedMilliseconds >= 100)
        {
            sinceDraw.Restart();
            Console.Error.Write("\r" + Line() + "\u001b[K");
        }
    }

    public void OnEvaluation(EvaluationRecord evaluation)
    {
        var v = evaluation.Values;
        lastEval = string.Join(' ', new[] { "train_loss", "val_loss", "val_error", "test_error" }
            .Where(v.ContainsKey)
            .Select(k => k.EndsWith("error", StringComparison.Ordinal)
                ? string.Create(Invariant, $"{k}={v[k] * 100:F2}%")
                : string.Create(Invariant, $"{k}={v[k]:G4}")));
        if (!live)
        {
            Output.Log(string.Create(Invariant, $"{label}: update {evaluation.Update:N0} epoch {evaluation.Epoch:F2} {lastEval}"));
        }
    }

    public void OnEnd(TrainResult result)
    {
        if (live)
        {
            Console.Error.Write("\r" + Line() + "\u001b[K\n");
        }
    }

    string Line()
    {
        var elapsed = last.WallSeconds - startWall;
        var rate = elapsed > 0 ? (last.Samples - startSamples) / elapsed : 0;
        var done = last.Update - startUpdate;
        var eta = total is long t && done > 0 && elapsed > 0
            ? TimeSpan.FromSeconds((t - last.Update) * elapsed / done).ToString(@"hh\:mm\:ss", Invariant)
            : "?";
        var of = total is long tt ? string.Create(Invariant, $"/{tt:N0}") : "";
        return string.Create(Invariant,
            $"{label}: epoch {last.Epoch:F2} update {last.Update:N0}{of} loss {last.Loss:G4} {lastEval} {rate:N0} samples/s ETA {eta}");
    }
}
