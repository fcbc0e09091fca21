namespace BatchLab.Reporting.Document;

/// <summary>
/// One part of a report. <see cref="Finding"/> is the paragraph that says what the measurements
/// show, computed from them by whoever fills the section (a contradiction with the literature is
/// stated, not smoothed over). <see cref="Id"/> is the section's anchor in HTML and Markdown:
/// letters, digits, '-' and '_'.
/// </summary>
public sealed record ReportSection(string Id, string Title, string Finding)
{
    /// <summary>The few numbers a reader should take away, shown first.</summary>
    public IReadOnlyList<KeyFigure> KeyFigures { get; init; } = [];

    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];

    public IReadOnlyList<ReportTable> Tables { get; init; } = [];

    /// <summary>Caveats and remarks on method, one paragraph each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Why the section is shown folded below its heading, or null to show it open: a section that
    /// does not depend on the study's model and data (the saddle experiment) would otherwise take
    /// thousands of pixels of a page read for its answer.
    /// </summary>
    public string? FoldedBecause { get; init; }
}
