using BatchLab.Text;
namespace BatchLab.Reporting.Plots;

/// <summary>
/// A result that can be written out as files: its tables as CSV and its figures as PNG and SVG
/// (by BatchLab.Reporting). Diagnostics and analyses implement it beside their JSON record.
/// </summary>
public interface IArtifacts
{
    IReadOnlyList<PlotSpec> Plots { get; }

    IReadOnlyList<DataTable> Tables { get; }
}
