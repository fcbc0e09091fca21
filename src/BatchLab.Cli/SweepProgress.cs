using System.Diagnostics;
using System.Globalization;
using BatchLab.Sweeps.Results;
using BatchLab.Text;

namespace BatchLab.Cli;

/// <summary>
/// The combined view of a sweep's local workers on stderr: their log lines, prefixed with the
/// worker's number, and one progress line (trials done/total, running, ETA) redrawn at the
/// bottom on a terminal, or printed when it changes (at most every 10 s) otherwise.
/// </summary>
sealed class SweepProgress
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    readonly bool live = !Console.IsErrorRedirected;
    readonly Lock gate = new();
    readonly Stopwatch sincePrinted = Stopwatch.StartNew();
    string status = "";
    string printed = "";

    public void WorkerLine(int worker, string line)
    {
        lock (gate)
        {
            line = Output.Safe(line);
            Console.Error.Write(live ? $"\r\u001b[K[w{worker}] {line}\n{status}" : $"[w{worker}] {line}\n");
        }
    }

    public void Show(StudyProgress p, int workers)
    {
        var c = p.Counts;
        var eta = p.Eta is { } t ? t.ToString(t.TotalHours >= 24 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", Invariant) : "?";
        var line = string.Create(Invariant,
            $"sweep {Printable.Escape(p.Study)}: {c.Finished}/{c.Total} done ({c.Complete} complete, {c.Diverged} diverged, {c.Pruned} pruned, {c.Failed} failed), {c.Running} running, {c.Queued} queued | {workers} workers | ETA {eta}");
        lock (gate)
        {
            status = line;
            if (live)
            {
                Console.Error.Write($"\r\u001b[K{line}");
            }
            else if (line != printed && sincePrinted.Elapsed >= TimeSpan.FromSeconds(10))
            {
                Console.Error.WriteLine(line);
                printed = line;
                sincePrinted.Restart();
            }
        }
    }

    /// <summary>Ends the live line so what follows starts on a fresh one.</summary>
    public void Finish()
    {
        lock (gate)
        {
            Console.Error.Write(live ? "\n" : "");
            if (!live && status != printed)
            {
                Console.Error.WriteLine(status);
            }
        }
    }
}
