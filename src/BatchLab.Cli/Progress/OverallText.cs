using System.Globalization;
using BatchLab.Studies.Progress;

namespace BatchLab.Cli.Progress;

/// <summary>
/// A study's overall progress as one line of at most 80 columns, the same in every stage:
/// "study 34% sweep, ETA 00:03:12: 12 of 30 trials, 2 running".
/// </summary>
public static class OverallText
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static string Eta(TimeSpan? eta) => eta is { } t ? t.ToString(t.TotalHours >= 24 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", I) : "?";

    public static string Stage(StudyStage stage) => stage switch
    {
        StudyStage.Sweep => "sweep",
        StudyStage.Diagnostics => "diagnostics",
        StudyStage.Report => "report",
        _ => "done",
    };

    /// <summary>The line, with <paramref name="detail"/> in place of the tracker's own where given (the sweep view's trial counts).</summary>
    public static string Line(OverallProgress p, string? detail = null) =>
        SweepView.Fit(string.Create(I, $"study {Percent(p.Fraction)} {Stage(p.Stage)}, ETA {Eta(p.Eta)}: {detail ?? p.Detail}"), SweepView.Columns);

    /// <summary>Whole percents, rounded down: 99.6% done is "99%", never "100%" before the end.</summary>
    public static string Percent(double fraction) => string.Create(I, $"{Math.Floor(Math.Clamp(fraction, 0, 1) * 100):F0}%");
}
