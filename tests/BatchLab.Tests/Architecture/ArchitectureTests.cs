using System.Xml.Linq;

namespace BatchLab.Tests.Architecture;

/// <summary>
/// The layers of docs/architecture.md, read from the project files themselves: a project may
/// reference only projects below it, database drivers live in Storage.Sql alone and drawing in
/// Reporting alone, and the CLI does not reference the benchmarks.
/// </summary>
public class ArchitectureTests
{
    /// <summary>Each project and the projects it may reference (directly).</summary>
    static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["BatchLab.Core"] = [],
        ["BatchLab.Diagnostics"] = ["BatchLab.Core"],
        ["BatchLab.Saddle"] = ["BatchLab.Core"],
        ["BatchLab.Adaptive"] = ["BatchLab.Diagnostics"],
        ["BatchLab.Sweeps"] = ["BatchLab.Adaptive"],
        ["BatchLab.Storage.Sql"] = ["BatchLab.Sweeps"],
        ["BatchLab.Studies"] = ["BatchLab.Sweeps", "BatchLab.Diagnostics", "BatchLab.Saddle", "BatchLab.Core"],
        ["BatchLab.Reporting"] = ["BatchLab.Studies"],
        ["BatchLab.Cli"] = ["BatchLab.Reporting", "BatchLab.Storage.Sql"],
        ["BatchLab.Benchmarks"] = ["BatchLab.Cli"],
        ["OwnModel"] = ["BatchLab.Core"],
        ["OwnStudy"] = ["BatchLab.Storage.Sql", "BatchLab.Reporting"],
        ["PlotGallery"] = ["BatchLab.Reporting"],
    };

    static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BatchLab.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BatchLab.slnx not found above the test assembly");
    }

    static IEnumerable<string> ProjectFiles() =>
        new[] { "src", "bench", "samples" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    static string Name(string csproj) => Path.GetFileNameWithoutExtension(csproj);

    static IReadOnlyList<string> Items(string csproj, string item) =>
        [.. XDocument.Load(csproj).Descendants(item).Select(e => (string)e.Attribute("Include")!)];

    [Fact]
    public void Every_project_is_a_known_layer()
    {
        var projects = ProjectFiles().Select(Name).Order().ToList();

        Assert.Equal(Allowed.Keys.Order(), projects);
    }

    [Fact]
    public void No_project_references_a_project_above_it()
    {
        var upward = ProjectFiles()
            .SelectMany(p => Items(p, "ProjectReference").Select(r => (From: Name(p), To: Path.GetFileNameWithoutExtension(r))))
            .Where(r => !Allowed[r.From].Contains(r.To))
            .Select(r => $"{r.From} → {r.To}")
            .ToList();

        Assert.Empty(upward);
    }

    [Fact]
    public void Database_drivers_and_drawing_each_live_in_one_project()
    {
        var packages = ProjectFiles().ToDictionary(Name, p => Items(p, "PackageReference"));

        Assert.Equal(["BatchLab.Storage.Sql"], packages.Where(p => p.Value.Any(v => v is "Npgsql" or "Microsoft.Data.Sqlite")).Select(p => p.Key));
        Assert.Equal(["BatchLab.Reporting"], packages.Where(p => p.Value.Any(v => v is "ScottPlot")).Select(p => p.Key));

        // SkiaSharp draws in Reporting; the core library uses it only to decode a user's images (images:DIR).
        Assert.Equal(["BatchLab.Core", "BatchLab.Reporting"], packages.Where(p => p.Value.Any(v => v is "SkiaSharp")).Select(p => p.Key).Order());

        // Libraries reference the managed TorchSharp only; applications pick the native backend.
        Assert.Equal(["BatchLab.Cli", "OwnModel", "OwnStudy", "PlotGallery"], packages.Where(p => p.Value.Contains("$(TorchSharpPackage)")).Select(p => p.Key).Order());
    }

    [Fact]
    public void The_library_has_no_console_output()
    {
        var library = new[] { "BatchLab.Core", "BatchLab.Diagnostics", "BatchLab.Adaptive", "BatchLab.Saddle", "BatchLab.Sweeps", "BatchLab.Storage.Sql", "BatchLab.Studies", "BatchLab.Reporting" };
        var writes = library
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, "src", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("Console.", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();

        Assert.Empty(writes);
    }
}
