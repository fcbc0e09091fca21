namespace BatchLab.Reporting;

/// <summary>Full paths of what <see cref="ReportWriter"/> wrote: the three documents, then every CSV, PNG and SVG.</summary>
public sealed record ReportFiles(string Html, string Markdown, string Json, IReadOnlyList<string> Artifacts)
{
    public IReadOnlyList<string> All => [Html, Markdown, Json, .. Artifacts];
}
