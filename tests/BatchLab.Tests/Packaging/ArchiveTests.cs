using System.Text.Json;
using BatchLab.Runtime;
using Xunit.Abstractions;

namespace BatchLab.Tests.Packaging;

/// <summary>
/// The self-contained release (`dotnet publish -r linux-x64 --self-contained`, packed as a tar
/// archive for users) runs where no .NET is installed: dotnet is off the PATH, DOTNET_ROOT is
/// unset, HOME is empty. It starts its own worker processes through its own executable.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class ArchiveTests(PackagedBuild build, ITestOutputHelper output)
{
    [Fact]
    public void The_self_contained_release_runs_doctor_and_a_smoke_study_without_dotnet()
    {
        var bytes = Directory.EnumerateFiles(build.Archive, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        output.WriteLine($"self-contained folder: {bytes / 1e6:F0} MB");
        Assert.False(Directory.EnumerateFiles(build.Archive, "*.dll", SearchOption.AllDirectories).Any(f => Path.GetFileName(f).StartsWith("torch_cpu", StringComparison.Ordinal)), "Windows libtorch shipped");

        var home = build.CleanHome("archive");
        var path = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Where(d => d.Length > 0 && !File.Exists(Path.Combine(d, "dotnet"))));
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = path,
            ["DOTNET_ROOT"] = null,
            ["DOTNET_ROOT_X64"] = null,
            ["HOME"] = home,
            ["BATCHLAB_DATA"] = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "batchlab"),
        };
        var batchlab = Path.Combine(build.Archive, "BatchLab.Cli");

        var version = ProcessRunner.Run(batchlab, ["--version"], home, env, TimeSpan.FromMinutes(1));
        Assert.Equal((0, BatchLabVersion.Current), (version.ExitCode, version.Output.Trim()));
        var doctor = ProcessRunner.Run(batchlab, ["doctor", "--json"], home, env, TimeSpan.FromMinutes(2));
        Assert.True(doctor.ExitCode == 0, doctor.Output);

        var report = Path.Combine(home, "report");
        var study = ProcessRunner.Run(batchlab, ["study", "--preset", "smoke", "--store", $"sqlite:{home}/s.db", "--out", report, "--json"], home, env, TimeSpan.FromMinutes(5));
        Assert.True(study.ExitCode == 0, ProcessRunner.Tail(study.Output));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "results.json")));
        Assert.Equal(BatchLabVersion.Current, results.RootElement.GetProperty("metadata").GetProperty("version").GetString());
    }
}
