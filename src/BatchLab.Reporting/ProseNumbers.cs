using System.Globalization;
using System.Text.RegularExpressions;
using BatchLab.Reporting.Document;
using BatchLab.Text;

namespace BatchLab.Reporting;

/// <summary>
/// Numbers in sentences as the README promises them: a program's E-notation ("4.85E+03",
/// "5.35E-05", what .NET's G3 writes for large and small values) becomes
/// <see cref="NumberFormat.General"/> ("4,850", "5.35×10⁻⁵"). Applied to every text of a report
/// before it is written, so findings read the same whoever formatted their numbers.
/// </summary>
public static partial class ProseNumbers
{
    public static string Normalize(string text) => ENotation().Replace(text, m =>
        double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? NumberFormat.General.Format(value) : m.Value);

    /// <summary>The document with every sentence, caption, title, key figure and label normalized (data untouched).</summary>
    public static ReportDocument Normalize(ReportDocument document) => document with
    {
        Subtitle = document.Subtitle is { } s ? Normalize(s) : null,
        Answer = document.Answer is { } a ? a with
        {
            Headline = Normalize(a.Headline),
            Figures = [.. a.Figures.Select(Normalize)],
            Confidence = a.Confidence is { } c ? Normalize(c) : null,
            Reasons = [.. a.Reasons.Select(Normalize)],
            Caveats = [.. a.Caveats.Select(Normalize)],
        } : null,
        Sections = [.. document.Sections.Select(section => section with
        {
            Finding = Normalize(section.Finding),
            KeyFigures = [.. section.KeyFigures.Select(Normalize)],
            Figures = [.. section.Figures.Select(f => new ReportFigure(Normalize(f.Plot), Normalize(f.Caption)))],
            Tables = [.. section.Tables.Select(t => t with { Caption = Normalize(t.Caption) })],
            Notes = [.. section.Notes.Select(Normalize)],
        })],
    };

    static KeyFigure Normalize(KeyFigure figure) => figure with { Name = Normalize(figure.Name), Text = Normalize(figure.Text), Key = figure.Key };

    static Plots.PlotSpec Normalize(Plots.PlotSpec plot) => plot with
    {
        Title = Normalize(plot.Title),
        X = plot.X with { Label = Normalize(plot.X.Label) },
        Y = plot.Y with { Label = Normalize(plot.Y.Label) },
        Series = [.. plot.Series.Select(s => s with { Name = Normalize(s.Name) })],
        Markers = plot.Markers is { } markers ? [.. markers.Select(m => m with { Label = Normalize(m.Label) })] : null,
    };

    /// <summary>A decimal mantissa with an E exponent, not part of a longer word or number.</summary>
    [GeneratedRegex(@"(?<![\w.])-?\d+(\.\d+)?[eE][+-]?\d+(?![\w.])")]
    private static partial Regex ENotation();
}
