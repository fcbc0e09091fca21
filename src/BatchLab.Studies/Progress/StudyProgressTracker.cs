using System.Diagnostics;
using System.Globalization;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Results;

namespace BatchLab.Studies.Progress;

/// <summary>
/// One progress measure for a whole study (<see cref="OverallProgress"/>): the sweep, every rung
/// and rate-search round of it, the diagnostics and the report, each weighted by its planned
/// seconds at measured rates. The study reports to it (<see cref="StudyRunner"/>, the budgeted
/// study, the diagnostics); whoever runs the sweep's workers reports the trials and how far each
/// running one is (<see cref="ObserveSweep"/>), about once a second. Each report raises
/// <see cref="Changed"/>; a view draws it. Thread-safe (the noise over training may run beside
/// the sweep). No console here: the CLI renders.
/// </summary>
public sealed class StudyProgressTracker
{
    readonly Lock gate = new();
    readonly Func<TimeSpan> clock;
    readonly SweepWork sweep;
    readonly int workers;
    readonly Dictionary<long, (long Batch, TimeSpan At, long Update, TimeSpan LastAt, long LastUpdate, int Sharing)> seen = [];
    IReadOnlyList<AheadTrial> ahead = [];
    SweepWork.Estimate? sweepEstimate;
    readonly List<(string Name, double Planned)> parts = [];
    readonly Dictionary<string, double> partsDone = [];
    (string Name, double Fraction)? part;
    double reportPlanned = ReportSeconds;
    bool reportDone;
    double shown;
    double overhead = 1;

    /// <summary>The most the sweep's wall time may exceed its steps' measured cost by (<see cref="Compute"/>).</summary>
    public const double MaxOverhead = 3;

    /// <summary>Planned seconds of the analysis and the report without a solo check.</summary>
    public const double ReportSeconds = 3;

    /// <param name="trainSamples">The study's training-set size (turns a budget into updates).</param>
    /// <param name="timed">Seconds per update at each B timed before the sweep (<see cref="StudyStepCosts"/>); null = measured on the trials only.</param>
    /// <param name="workers">Workers training the sweep at once.</param>
    /// <param name="clock">Time since the study started; null = a stopwatch (tests pass a clock of their own).</param>
    public StudyProgressTracker(long trainSamples, StepCosts? timed, int workers, Func<TimeSpan>? clock = null)
    {
        sweep = new SweepWork(trainSamples, timed);
        this.workers = Math.Max(1, workers);
        var watch = Stopwatch.StartNew();
        this.clock = clock ?? (() => watch.Elapsed);
    }

    /// <summary>Raised after every report, on the reporting thread.</summary>
    public event Action<OverallProgress>? Changed;

    public StudyStage Stage { get; private set; } = StudyStage.Sweep;

    /// <summary>The study's training-set size, where it was not known at construction (the study loads its data first).</summary>
    public long TrainSamples
    {
        set
        {
            lock (gate)
            {
                sweep.TrainSamples = value;
            }
        }
    }

    /// <summary>Wall seconds of one run of <paramref name="spec"/> on one worker at the costs measured so far; null before any is known at or near its B.</summary>
    public double? RunSeconds(Runs.RunSpec spec)
    {
        lock (gate)
        {
            return sweep.RunSeconds(spec, sweepEstimate?.SecondsPerUpdate);
        }
    }

    /// <summary>Where the study is now.</summary>
    public OverallProgress Current
    {
        get
        {
            lock (gate)
            {
                return Compute();
            }
        }
    }

    /// <summary>The trials of the study and how far each running one is (the update it reached, and how many trials its worker trains at once).</summary>
    public void ObserveSweep(IReadOnlyList<Trial> trials, IReadOnlyList<RunningTrial> running)
    {
        Report(() =>
        {
            var now = clock();
            var batches = trials.ToDictionary(t => (long)t.Number, t => sweep.BatchOf(t) ?? 0);
            foreach (var r in running)
            {
                if (!batches.TryGetValue(r.Trial, out var batch) || batch == 0)
                {
                    continue;
                }

                seen[r.Trial] = seen.TryGetValue(r.Trial, out var s) && r.Update >= s.Update
                    ? s with { LastAt = now, LastUpdate = r.Update, Sharing = Math.Max(s.Sharing, r.Sharing) }
                    : (batch, now, r.Update, now, r.Update, Math.Max(1, r.Sharing));
            }

            sweep.Running.Clear();
            foreach (var g in seen.Values.Where(s => s.LastUpdate - s.Update >= MinUpdates && (s.LastAt - s.At).TotalSeconds > 0).GroupBy(s => s.Batch))
            {
                sweep.Running[g.Key] = g.Sum(s => (s.LastAt - s.At).TotalSeconds / s.Sharing) / g.Sum(s => s.LastUpdate - s.Update);
            }

            sweepEstimate = sweep.Of(trials, running.ToDictionary(r => r.Trial, r => r.Update), ahead);
        });
    }

    /// <summary>Updates a running trial must have done between two reports before its rate counts.</summary>
    public const int MinUpdates = 5;

    /// <summary>Trials the study will add later (higher rungs, extra seeds), counted until they exist; replaces the last list.</summary>
    public void Anticipate(IReadOnlyList<AheadTrial> trials) => Report(() => ahead = trials);

    /// <summary>The diagnostics planned (name, planned seconds), before they run; called again with a better plan it replaces the parts not done.</summary>
    public void PlanDiagnostics(IReadOnlyList<(string Name, double Seconds)> plan) => Report(() =>
    {
        parts.Clear();
        parts.AddRange(plan);
    });

    /// <summary>The planned seconds of the report stage (the solo checks' training, once known).</summary>
    public void PlanReport(double seconds) => Report(() => reportPlanned = Math.Max(ReportSeconds, seconds));

    /// <summary>Enters a stage; the sweep's last estimate stays as done work.</summary>
    public void Enter(StudyStage stage) => Report(() =>
    {
        Stage = stage > Stage ? stage : Stage;
        if (stage > StudyStage.Sweep && sweepEstimate is { } s)
        {
            sweepEstimate = s with { Done = s.Done + s.Left, Left = 0, LeftTrials = 0 };
            ahead = [];
        }

        reportDone |= stage == StudyStage.Done;
    });

    /// <summary>A diagnostic running, <paramref name="fraction"/> (0–1) of it done.</summary>
    public void Diagnostic(string name, double fraction) => Report(() => part = (name, Math.Clamp(fraction, 0, 1)));

    /// <summary>A diagnostic finished in <paramref name="seconds"/>.</summary>
    public void DiagnosticDone(string name, double seconds) => Report(() =>
    {
        partsDone[name] = seconds;
        part = null;
    });

    void Report(Action change)
    {
        OverallProgress now;
        lock (gate)
        {
            change();
            now = Compute();
        }

        Changed?.Invoke(now);
    }

    OverallProgress Compute()
    {
        var s = sweepEstimate;
        var sweepDone = (s?.Done ?? 0) / workers;
        var sweepLeft = (s?.Left ?? 0) / Math.Clamp(s?.LeftTrials ?? workers, 1, workers);

        // What the steps do not count (starting workers each round, loading data, claiming trials,
        // the analyses between rounds), measured: the sweep's wall time so far over its work done,
        // once a tenth of it is done, applied to the rest; 1 to 3.
        if (Stage == StudyStage.Sweep && sweepDone > 0 && sweepDone >= 0.1 * (sweepDone + sweepLeft))
        {
            overhead = Math.Clamp(clock().TotalSeconds / sweepDone, 1, MaxOverhead);
        }

        sweepDone *= overhead;
        sweepLeft *= overhead;

        // Diagnostics: the finished parts' measured seconds against their plan scale the rest.
        var finishedPlan = parts.Where(p => partsDone.ContainsKey(p.Name)).Sum(p => p.Planned);
        var finishedSeconds = parts.Where(p => partsDone.ContainsKey(p.Name)).Sum(p => partsDone[p.Name]);
        var scale = finishedPlan > 0 && finishedSeconds > 0 ? finishedSeconds / finishedPlan : 1;
        double diagDone = 0, diagLeft = 0;
        foreach (var (name, planned) in parts)
        {
            var f = partsDone.ContainsKey(name) || Stage > StudyStage.Diagnostics ? 1 : part is { } p && p.Name == name ? p.Fraction : 0;
            diagDone += planned * scale * f;
            diagLeft += planned * scale * (1 - f);
        }

        var reportFraction = reportDone ? 1 : 0;
        var done = sweepDone + diagDone + (reportPlanned * reportFraction);
        var left = sweepLeft + diagLeft + (reportPlanned * (1 - reportFraction));
        var raw = Stage == StudyStage.Done ? 1 : done + left > 0 ? done / (done + left) : 0;
        shown = Math.Max(shown, Math.Min(raw, Stage == StudyStage.Done ? 1 : 0.999));
        var measured = (s?.Measured ?? false) || Stage > StudyStage.Sweep;
        return new OverallProgress(Stage, shown, measured ? TimeSpan.FromSeconds(left) : null, Detail(s), s?.SecondsPerUpdate ?? new Dictionary<long, double>());
    }

    string Detail(SweepWork.Estimate? s) => Stage switch
    {
        StudyStage.Sweep when s is not null => string.Create(CultureInfo.InvariantCulture, $"{s.Finished} of {s.Total} trials, {s.RunningTrials} running") + (ahead.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", ~{ahead.Count} to come") : ""),
        StudyStage.Sweep => "starting",
        StudyStage.Diagnostics => part is { } p ? p.Name : string.Create(CultureInfo.InvariantCulture, $"{partsDone.Count} of {parts.Count} done"),
        StudyStage.Report => "analysis and report",
        _ => "done",
    };
}
