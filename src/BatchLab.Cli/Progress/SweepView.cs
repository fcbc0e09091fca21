using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BatchLab.Studies.Progress;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Results;
using Spectre.Console;

namespace BatchLab.Cli.Progress;

/// <summary>
/// What a sweep's local workers are doing, on stderr. On a terminal: a Spectre.Console progress
/// display with an overall bar (trials finished, with the running trials' fractions) and its ETA,
/// and one row per worker (its trial, how far, epoch); above it one line per finished trial.
/// Otherwise plain lines: each finished trial, and the study's counts at most every 10 s.
/// Per-evaluation lines and each claim show only with --verbose.
/// </summary>
public sealed partial class SweepView
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;
    static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);
    readonly Lock gate = new();
    readonly bool verbose;
    readonly ProgressContext? live;
    readonly ProgressTask? overall;
    readonly ProgressTask[] rows;
    readonly Dictionary<long, (int Worker, ProgressLine Line, long At)>[] running;
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly Stopwatch sincePrinted = Stopwatch.StartNew();
    string printed = "";
    string status = "";

    SweepView(int workers, bool verbose, ProgressContext? live)
    {
        this.verbose = verbose;
        this.live = live;
        running = [.. Enumerable.Range(0, workers).Select(_ => new Dictionary<long, (int, ProgressLine, long)>())];
        if (live is not null)
        {
            overall = live.AddTask("sweep", maxValue: 1);
            rows = [.. Enumerable.Range(1, workers).Select(k => live.AddTask($"w{k} starting", maxValue: 1))];
        }
        else
        {
            rows = [];
        }
    }

    /// <summary>Runs <paramref name="body"/> with the view, live on a terminal.</summary>
    public static T Run<T>(int workers, bool verbose, Func<SweepView, T> body)
    {
        if (!Terminal.IsLive)
        {
            return body(new SweepView(workers, verbose, null));
        }

        return Terminal.Live(context => body(new SweepView(workers, verbose, context)), remainingTime: false);
    }

    /// <summary>A stderr line of worker <paramref name="worker"/> (from 1), from any thread.</summary>
    public void WorkerLine(int worker, string line)
    {
        if (ProgressLine.Parse(line) is { } progress)
        {
            lock (gate)
            {
                running[worker - 1][progress.Trial] = (worker, progress, clock.ElapsedMilliseconds);
            }

            return;
        }

        if (ProgressLine.IsProgress(line) || (!verbose && Chatter().IsMatch(line)))
        {
            return;
        }

        lock (gate)
        {
            if (Ended().Match(line) is { Success: true } ended && long.TryParse(ended.Groups[1].Value, I, out var number))
            {
                running[worker - 1].Remove(number);
            }
        }

        Output.Log($"w{worker} {Compact(line)}");
    }

    /// <summary>Updates done by each trial a worker reported in the last few seconds (by trial number).</summary>
    public IReadOnlyDictionary<long, long> UpdatesDone()
    {
        lock (gate)
        {
            return running.SelectMany(w => w.Values).GroupBy(r => r.Line.Trial).ToDictionary(g => g.Key, g => g.Max(r => r.Line.Update));
        }
    }

    /// <summary>Each trial a worker reported in the last few seconds: the update it reached, and how many trials that worker trains at once (a fused group).</summary>
    public IReadOnlyList<RunningTrial> Running()
    {
        lock (gate)
        {
            var now = clock.ElapsedMilliseconds;
            return [.. running.SelectMany(w =>
            {
                var fresh = w.Values.Where(r => now - r.At <= Stale.TotalMilliseconds).ToList();
                return fresh.Select(r => new RunningTrial(r.Line.Trial, r.Line.Update, fresh.Count));
            })];
        }
    }

    /// <summary>
    /// Redraws the rows from the store's counts (called about once a second). With a study's
    /// <paramref name="study"/> progress the overall bar and the lines show the whole study's
    /// fraction and ETA (every stage, never back to 0 at a new round); else this sweep's trials.
    /// </summary>
    public void Show(StudyProgress p, int alive, OverallProgress? study = null)
    {
        var c = p.Counts;
        var eta = OverallText.Eta(p.Eta);
        var line = study is not null
            ? OverallText.Line(study, string.Create(I, $"{c.Finished}/{c.Total} trials, {Tally(c)}; {c.Running} running"))
            : string.Create(I, $"{c.Finished}/{c.Total} trials: {Tally(c)}; {c.Running} running, {c.Queued} queued, ETA {eta}");
        lock (gate)
        {
            status = line;
            if (overall is null)
            {
                if (line != printed && sincePrinted.Elapsed >= TimeSpan.FromSeconds(10))
                {
                    Output.Log(line);
                    (printed, _) = (line, 0);
                    sincePrinted.Restart();
                }

                return;
            }

            var now = clock.ElapsedMilliseconds;
            var fractions = 0.0;
            for (var k = 0; k < rows.Length; k++)
            {
                foreach (var old in running[k].Where(r => now - r.Value.At > Stale.TotalMilliseconds).Select(r => r.Key).ToList())
                {
                    running[k].Remove(old);
                }

                var trials = running[k].Values.Select(v => v.Line).OrderBy(l => l.Trial).ToList();
                fractions += trials.Sum(Fraction);
                Row(rows[k], k + 1, trials, alive);
            }

            if (study is not null)
            {
                overall.MaxValue = 1;
                overall.Value = study.Fraction;
                overall.Description = Markup.Escape(string.Create(I, $"study: {c.Finished}/{c.Total} trials, {Tally(c)}, ETA {OverallText.Eta(study.Eta)}"));
            }
            else
            {
                overall.MaxValue = Math.Max(1, c.Total);
                overall.Value = Math.Min(c.Total, c.Finished + fractions);
                overall.Description = Markup.Escape(string.Create(I, $"{c.Finished}/{c.Total} trials, {Tally(c)}, ETA {eta}"));
            }
        }
    }

    /// <summary>Ends the view: the last counts, once, as a plain line; a study's overall bar stays where the study is.</summary>
    public void Finish(bool study = false)
    {
        lock (gate)
        {
            if (overall is not null)
            {
                overall.Value = study ? overall.Value : overall.MaxValue;
                foreach (var row in rows)
                {
                    row.Description = Markup.Escape(row.Description.Split(' ')[0] + " done");
                    row.Value = row.MaxValue;
                }

                live!.Refresh();
            }
            else if (status != printed)
            {
                Output.Log(status);
            }
        }
    }

    /// <summary>The finished trials by end, diverged apart from failed, and a state only when it occurred: "30 ok, 12 pruned, 1 diverged".</summary>
    public static string Tally(TrialCounts c) => string.Join(", ",
        new[] { (c.Complete, "ok"), (c.Pruned, "pruned"), (c.Diverged, "diverged"), (c.Failed, "failed") }
            .Where((x, k) => k == 0 || x.Item1 > 0)
            .Select(x => string.Create(I, $"{x.Item1} {x.Item2}")));

    static void Row(ProgressTask row, int worker, IReadOnlyList<ProgressLine> trials, int alive)
    {
        if (trials.Count == 0)
        {
            row.Description = alive > 0 ? $"w{worker} waiting" : $"w{worker} done";
            return;
        }

        var first = trials[0];
        var fused = trials.Count > 1 ? string.Create(I, $" +{trials.Count - 1} fused") : "";
        row.Description = Markup.Escape(string.Create(I, $"w{worker} #{first.Trial} {CompactLabel.Of(first.Label)}{fused} ep {first.Epoch:F1}"));
        row.MaxValue = 1;
        row.Value = Fraction(first);
    }

    /// <summary>Columns a finished trial's line may take, its "w1 " prefix included: an 80-column terminal never wraps it.</summary>
    public const int Columns = 80;

    /// <summary>
    /// A worker's line made to fit 80 columns: no study name (the view is of one study), the grid
    /// point in symbols, and a finished trial in one short line whatever its state, e.g.
    /// "#7 B=8 η̃=2^-6 s0: COMPLETE, 20,625 updates, 95.4 s, val 4.04%, test 4.16%" or
    /// "#12 B=2 η̃=2^-4 s0: PRUNED at 1,250 updates, training error at chance (88.7%)". A line
    /// still longer (a long error message) is cut with "…"; `batchlab status` has the whole of it.
    /// </summary>
    public static string Compact(string line)
    {
        line = TrialLabel().Replace(CompactLabel.InLine(StudyPrefix().Replace(line, "")), "#${number} ${label}: ");
        line = Complete().Replace(line, m =>
            $"COMPLETE, {m.Groups["updates"].Value} updates, {m.Groups["seconds"].Value} s"
            + (m.Groups["val"].Success ? $", val {m.Groups["val"].Value}" : "") + (m.Groups["test"].Success ? $", test {m.Groups["test"].Value}" : ""));
        line = PrunedAtChance().Replace(line, "PRUNED at ${updates} updates, train error at chance (${error})");
        line = PrunedOnLoss().Replace(line, "PRUNED at ${updates} updates, training loss not below its start");
        line = Diverged().Replace(line, "DIVERGED at update ${update}");
        return Fit(line, Columns - "w1 ".Length);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="columns"/> characters as shown (η̃ is one), ending in "…" when cut.</summary>
    public static string Fit(string text, int columns)
    {
        var shown = new StringInfo(text);
        return shown.LengthInTextElements <= columns ? text : shown.SubstringByTextElements(0, columns - 1) + "…";
    }

    static double Fraction(ProgressLine line) => line.Total is long total and > 0 ? Math.Clamp((double)line.Update / total, 0, 1) : 0;

    // A worker's own start line, each claim and each fused group: the rows show these.
    [GeneratedRegex(@"^worker \S+: |: started attempt \d+$| train fused \(K = \d+\)$")]
    private static partial Regex Chatter();

    [GeneratedRegex(@"\btrial (\d+) \([^)]*\): (COMPLETE|DIVERGED|FAILED|failed|stopped|abandoned)")]
    private static partial Regex Ended();

    [GeneratedRegex(@"^trial (?<number>\d+) \((?<label>[^)]*)\): ")]
    private static partial Regex TrialLabel();

    [GeneratedRegex(@"COMPLETE after (?<updates>[\d,]+) updates in (?<seconds>[\d.]+)s(?:, val_error (?<val>[\d.]+%))?(?:, test_error (?<test>[\d.]+%))?$")]
    private static partial Regex Complete();

    [GeneratedRegex(@"PRUNED at update (?<updates>[\d,]+): not learning: its training error (?<error>[\d.]+%) is at chance.*$")]
    private static partial Regex PrunedAtChance();

    [GeneratedRegex(@"PRUNED at update (?<updates>[\d,]+): not learning: its training loss .*$")]
    private static partial Regex PrunedOnLoss();

    [GeneratedRegex(@"DIVERGED at update (?<update>[\d,]+) \(not retried\)$")]
    private static partial Regex Diverged();

    [GeneratedRegex(@"^\S+ (?=trials? \d)")]
    private static partial Regex StudyPrefix();
}
