using BatchLab.Text;

namespace BatchLab.Reporting.Plots;

/// <summary>The figures and tables of one result, as BatchLab.Reporting.Artifacts.ResultArtifacts derives them.</summary>
public sealed record Artifacts(IReadOnlyList<PlotSpec> Plots, IReadOnlyList<DataTable> Tables) : IArtifacts
{
    public static Artifacts None { get; } = new([], []);

    public static Artifacts operator +(Artifacts a, Artifacts b) => new([.. a.Plots, .. b.Plots], [.. a.Tables, .. b.Tables]);
}
