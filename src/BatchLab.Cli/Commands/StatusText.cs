using System.Globalization;
using BatchLab.Sweeps.Results;
using BatchLab.Text;

namespace BatchLab.Cli.Commands;

/// <summary>Human-readable output of `batchlab status`.</summary>
static class StatusText
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Progress(StudyProgress p)
    {
        var c = p.Counts;
        var eta = p.Eta switch
        {
            { } t when t == TimeSpan.Zero => "finished",
            { } t => "ETA " + t.ToString(t.TotalHours >= 24 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", Invariant),
            null when p.LiveWorkers == 0 => "ETA ? (no worker holds a trial)",
            null => "ETA ? (no trial finished yet)",
        };
        var mean = p.MeanTrialSeconds is double m ? string.Create(Invariant, $", {m:F1}s per trial") : "";
        return string.Create(Invariant,
            $"study {Printable.Escape(p.Study)}: {c.Finished}/{c.Total} done ({p.Done * 100:F0}%): {c.Complete} complete, {c.Diverged} diverged, {c.Pruned} pruned, {c.Failed} failed, {c.Cancelled} cancelled, {c.Running} running, {c.Queued} queued | {p.LiveWorkers} live workers{mean} | {eta}");
    }

    public static void Print(StudyStatus status)
    {
        Console.WriteLine(Progress(status.Progress));
        if (status.Trials.Count == 0)
        {
            return;
        }

        var pointWidth = Math.Max(5, status.Trials.Max(t => t.Label.Length));
        Console.WriteLine($"{"TRIAL",5}  {"POINT".PadRight(pointWidth)}  {"STATE",-9}  {"ATTEMPT",7}  {"UPDATES",9}  {"VAL_ERROR",9}  {"TEST_ERROR",10}  NOTE");
        foreach (var t in status.Trials)
        {
            var updates = t.Updates?.ToString("N0", Invariant) ?? "-";
            var note = t.State switch
            {
                "DIVERGED" => $"DIVERGED at update {t.DivergedAt?.ToString("N0", Invariant) ?? "?"}",
                "RUNNING" => $"worker {t.Owner}",
                _ => Printable.Escape(t.Error ?? ""),
            };
            Console.WriteLine($"{t.Number,5}  {t.Label.PadRight(pointWidth)}  {t.State,-9}  {t.Attempt,7}  {updates,9}  {Percent(t.ValError),9}  {Percent(t.TestError),10}  {note}");
        }
    }

    static string Percent(double? fraction) => fraction is double f ? string.Create(Invariant, $"{f * 100:F2}%") : "-";
}
