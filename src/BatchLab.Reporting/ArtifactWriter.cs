using System.Text;
using BatchLab.IO;
using BatchLab.Reporting.Plots;

namespace BatchLab.Reporting;

/// <summary>
/// Writes a result's artifacts into a folder: each table as <c>id.csv</c>, each figure as
/// <c>id.png</c> and <c>id.svg</c>. Every file is written atomically, so a run stopped midway
/// leaves complete files or none. Each figure costs about 0.1–0.2 s to draw in both formats.
/// </summary>
public static class ArtifactWriter
{
    /// <returns>The full paths of the files written, tables first, in the order given.</returns>
    public static IReadOnlyList<string> Write(IArtifacts artifacts, string directory)
    {
        // Everything is checked before the first file is written.
        RequireUnique(artifacts.Tables.Select(t => t.Id), "table");
        RequireUnique(artifacts.Plots.Select(p => p.Id), "plot");
        foreach (var table in artifacts.Tables)
        {
            ArtifactNames.Check(table.Id);
        }

        foreach (var plot in artifacts.Plots)
        {
            PlotSpecCheck.Validate(plot);
        }

        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var table in artifacts.Tables)
        {
            written.Add(Save(directory, $"{table.Id}.csv", new UTF8Encoding(false).GetBytes(CsvFormat.Write(table))));
        }

        foreach (var plot in artifacts.Plots)
        {
            written.Add(Save(directory, $"{plot.Id}.png", PlotRenderer.Png(plot)));
            written.Add(Save(directory, $"{plot.Id}.svg", new UTF8Encoding(false).GetBytes(PlotRenderer.Svg(plot))));
        }

        return written;
    }

    static string Save(string directory, string name, byte[] content)
    {
        var path = Path.GetFullPath(Path.Combine(directory, name));
        AtomicFile.Write(path, content);
        return path;
    }

    static void RequireUnique(IEnumerable<string> ids, string kind)
    {
        if (ids.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"two {kind}s share the id '{duplicate.Key}'; each needs its own file name", nameof(ids));
        }
    }
}
