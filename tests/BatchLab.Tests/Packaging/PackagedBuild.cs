using BatchLab.Tests.Support;

namespace BatchLab.Tests.Packaging;

[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackagedBuild>
{
    public const string Name = "packed and published BatchLab";
}

/// <summary>
/// One pack and one publish shared by every packaging test (they are the slow part: a build of the
/// libraries and the tool from scratch, and compressing libtorch). Everything goes to a temporary
/// folder (--artifacts-path), never into the repository's bin/ and obj/:
/// <list type="bullet">
/// <item><see cref="Feed"/>: the library packages, the tool's RID-specific package and its pointer package;</item>
/// <item><see cref="Archive"/>: `dotnet publish -r linux-x64 --self-contained`, the release archive's content.</item>
/// </list>
/// </summary>
public sealed class PackagedBuild : IDisposable
{
    public static readonly string[] Libraries =
        ["BatchLab.Core", "BatchLab.Diagnostics", "BatchLab.Saddle", "BatchLab.Adaptive", "BatchLab.Sweeps", "BatchLab.Storage.Sql", "BatchLab.Studies", "BatchLab.Reporting"];

    public PackagedBuild()
    {
        Directory.CreateDirectory(Root);
        var started = DateTime.UtcNow;
        // A solution of the shipped projects only: packing BatchLab.slnx would build the tests too.
        var solution = Path.Combine(Root, "shipped.slnx");
        File.WriteAllText(solution, "<Solution>\n" + string.Concat(Libraries.Append("BatchLab.Cli").Select(p =>
            $"  <Project Path=\"{Path.GetRelativePath(Root, Path.Combine(RepositoryFiles.Root, "src", p, p + ".csproj"))}\" />\n")) + "</Solution>\n");
        string[] common = ["-c", "Release", "--nologo", "-v", "quiet", "--disable-build-servers", "--artifacts-path", Path.Combine(Root, "artifacts")];
        Dotnet(["pack", solution, .. common, $"-p:PackageOutputPath={Feed}"]);
        PackSeconds = (DateTime.UtcNow - started).TotalSeconds;
        started = DateTime.UtcNow;
        Dotnet(["publish", Path.Combine(RepositoryFiles.Root, "src", "BatchLab.Cli", "BatchLab.Cli.csproj"), .. common, "-r", "linux-x64", "--self-contained", "-o", Archive]);
        PublishSeconds = (DateTime.UtcNow - started).TotalSeconds;
        Version = Path.GetFileNameWithoutExtension(Directory.GetFiles(Feed, "BatchLab.Core.*.nupkg").Single(f => !f.EndsWith(".snupkg", StringComparison.Ordinal)))["BatchLab.Core.".Length..];
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "batchlab-packaging-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(Root, "feed");

    public string Archive => Path.Combine(Root, "archive");

    /// <summary>The version the packages got (MinVer, from this clone's git history).</summary>
    public string Version { get; }

    public double PackSeconds { get; }

    public double PublishSeconds { get; }

    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>A clean HOME for a program that must not see this machine's user settings or caches.</summary>
    public string CleanHome(string name)
    {
        var home = Path.Combine(Root, "home-" + name);
        Directory.CreateDirectory(home);
        return home;
    }

    public static void Dotnet(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var env = environment ?? new Dictionary<string, string?>();
        env.TryAdd("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        env.TryAdd("DOTNET_NOLOGO", "1");
        var (code, output) = ProcessRunner.Run("dotnet", args, workingDirectory ?? RepositoryFiles.Root, env, TimeSpan.FromMinutes(8));
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} failed ({code}):\n{ProcessRunner.Tail(output)}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not a test failure.
        }
    }
}
