using BatchLab.Reporting.Plots;

namespace BatchLab.Reporting.Document;

/// <summary>A plot and the caption that tells the reader what to look at in it.</summary>
public sealed record ReportFigure(PlotSpec Plot, string Caption);
