using System.Globalization;
using BatchLab.Cli.Progress;
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
        var mean = p.MeanTrialSeconds is double m ? string.Create(Invariant, $", {m:F1} s per trial") : "";
        var workers = p.LiveWorkers == 1 ? "1 live worker" : string.Create(Invariant, $"{p.LiveWorkers} live workers");
        var cancelled = c.Cancelled > 0 ? string.Create(Invariant, $", {c.Cancelled} cancelled") : "";

        // Two lines, each within 80 columns for a study name of up to about 30 characters.
        return string.Create(Invariant,
            $"study {Printable.Escape(p.Study)}: {c.Finished}/{c.Total} done ({p.Done * 100:F0}%), {eta}\n  {SweepView.Tally(c)}{cancelled}; {c.Running} running, {c.Queued} queued; {workers}{mean}");
    }

    /// <summary>The trial table within 80 columns: grid points in symbols (B=32 η̃=2^-10 s0, as the figures write them), a note cut to the width left.</summary>
    public static void Print(StudyStatus status)
    {
        Console.WriteLine(Progress(status.Progress));
        if (status.Trials.Count == 0)
        {
            return;
        }

        var labels = status.Trials.Select(t => CompactLabel.Of(t.Label)).ToList();
        var pointWidth = Math.Max(5, labels.Max(l => new StringInfo(l).LengthInTextElements));
        var header = $"{"#",4}  {Pad("POINT", pointWidth)}  {"STATE",-9} {"TRY",3} {"UPDATES",8} {"VAL",6} {"TEST",6}";
        Console.WriteLine(header + "  NOTE");
        for (var i = 0; i < status.Trials.Count; i++)
        {
            var t = status.Trials[i];
            var updates = t.Updates?.ToString("N0", Invariant) ?? "-";
            var note = t.State switch
            {
                "DIVERGED" => $"at update {t.DivergedAt?.ToString("N0", Invariant) ?? "?"}",
                "RUNNING" => $"worker {t.Owner}",
                _ => Printable.Escape(t.Error ?? ""),
            };
            var row = $"{t.Number,4}  {Pad(labels[i], pointWidth)}  {t.State,-9} {t.Attempt,3} {updates,8} {Percent(t.ValError),6} {Percent(t.TestError),6}";
            Console.WriteLine(note.Length == 0 ? row : row + "  " + SweepView.Fit(note, Math.Max(10, 80 - 2 - new StringInfo(row).LengthInTextElements)));
        }
    }

    static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - new StringInfo(text).LengthInTextElements));

    static string Percent(double? fraction) => fraction is double f ? string.Create(Invariant, $"{f * 100:F2}%") : "-";
}
