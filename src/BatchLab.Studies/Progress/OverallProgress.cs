namespace BatchLab.Studies.Progress;

/// <summary>The stages of a study, in the order they run.</summary>
public enum StudyStage
{
    /// <summary>Training the grid, its rungs and its learning-rate search rounds.</summary>
    Sweep,

    /// <summary>The diagnostics at initialisation and at the trained solutions.</summary>
    Diagnostics,

    /// <summary>The analysis, the solo check of the predicted time to target and the report.</summary>
    Report,

    /// <summary>Everything done.</summary>
    Done,
}

/// <summary>
/// How far a whole study is, for a progress view: one fraction over every stage, which never goes
/// back (work that becomes known later, a rung or a rate-search round, slows it instead), and the
/// time left. Work is counted in planned seconds at the measured rates: a trial's updates × the
/// seconds one update costs at its batch size (measured), divided among the workers; a diagnostic's
/// planned seconds, scaled by how long the finished ones took against their plan.
/// </summary>
/// <param name="Stage">The stage running now.</param>
/// <param name="Fraction">Of the study's work done, 0–1; never decreases.</param>
/// <param name="Eta">Wall time left; null until a cost has been measured (the sweep's step costs, a finished or running trial).</param>
/// <param name="Detail">What the stage is doing, e.g. "4 of 18 trials, 2 running" or "noise scale at initialisation".</param>
/// <param name="SecondsPerUpdate">Worker-seconds one update costs at each batch size as the ETA uses them (measured).</param>
public sealed record OverallProgress(StudyStage Stage, double Fraction, TimeSpan? Eta, string Detail, IReadOnlyDictionary<long, double> SecondsPerUpdate);

/// <summary>A trial a worker is training now: its number, the update it reached (counted from the start, a continued rung's inherited updates included), and how many trials share that worker (a fused group).</summary>
public sealed record RunningTrial(long Trial, long Update, int Sharing = 1);

/// <summary>
/// A trial a study will add later (a higher rung, the extra seeds): its spec at the cell's full
/// budget and the share of that budget it will train itself (a continued rung trains only beyond
/// the rung below), so the overall fraction counts it before it exists.
/// </summary>
public sealed record AheadTrial(Runs.RunSpec Spec, double Share);
