using System.Diagnostics;
using BatchLab.Studies.Progress;

namespace BatchLab.Cli.Progress;

/// <summary>
/// A study's overall progress on stderr outside its sweeps (the sweep view draws it during them):
/// the diagnostics and the report. On a terminal, the bottom line redrawn in place at most four
/// times a second, and put before each diagnostic's ticks; otherwise a single line when a stage
/// starts, then at most every 10 s; on both a whole line at the end. A log file reads
/// "study 81% diagnostics, ETA 00:00:40: noise scale at initialisation".
/// </summary>
public sealed class StudyProgressView
{
    static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(10);
    static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);
    readonly Lock gate = new();
    readonly Stopwatch since = new();
    readonly bool live = Terminal.IsLive;
    StudyStage? printedStage;
    OverallProgress? latest;

    public StudyProgressView(StudyProgressTracker tracker, StageLog log)
    {
        tracker.Changed += Show;
        log.Prefix = () => latest is { } p ? $"study {OverallText.Percent(p.Fraction)}, ETA {OverallText.Eta(p.Eta)} │ " : "";
    }

    void Show(OverallProgress p)
    {
        lock (gate)
        {
            latest = p;
            if (p.Stage == StudyStage.Sweep)
            {
                return;
            }

            var stageStarts = p.Stage != printedStage;
            if (p.Stage == StudyStage.Done)
            {
                // A whole line, also on a terminal: the results follow on stdout.
                Output.Log(OverallText.Line(p));
                printedStage = p.Stage;
                return;
            }

            if (live)
            {
                if (stageStarts || !since.IsRunning || since.Elapsed >= RedrawInterval)
                {
                    Terminal.Redraw(OverallText.Line(p));
                    (printedStage, _) = (p.Stage, 0);
                    since.Restart();
                }

                return;
            }

            if (stageStarts || since.Elapsed >= LineInterval)
            {
                Output.Log(OverallText.Line(p));
                printedStage = p.Stage;
                since.Restart();
            }
        }
    }
}
