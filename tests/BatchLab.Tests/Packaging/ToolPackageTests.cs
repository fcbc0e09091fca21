using System.IO.Compression;
using System.Text.Json;
using BatchLab.Runtime;
using Xunit.Abstractions;

namespace BatchLab.Tests.Packaging;

/// <summary>
/// The dotnet tool as a user gets it: installed from a package folder into its own --tool-path,
/// with a HOME that holds nothing (no NuGet settings, no data cache, no .dotnet folder), then
/// `batchlab doctor` (libtorch loads and trains a step: the native-library fix reached the tool's
/// copy) and `batchlab study --preset smoke` (the whole pipeline, worker processes included).
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class ToolPackageTests(PackagedBuild build, ITestOutputHelper output)
{
    [Fact]
    public void The_tool_package_holds_only_linux_libtorch_and_the_installed_tool_runs_a_smoke_study()
    {
        var package = build.Package("BatchLab.linux-x64");
        output.WriteLine($"pack {build.PackSeconds:F0} s, publish {build.PublishSeconds:F0} s; {Path.GetFileName(package)}: {new FileInfo(package).Length / 1e6:F0} MB, pointer {new FileInfo(build.Package("BatchLab")).Length / 1e3:F0} kB");
        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains(names, n => n.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal));
            Assert.Contains(names, n => n.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal));
            Assert.DoesNotContain(names, n => n.EndsWith(".dll", StringComparison.Ordinal) && n.Contains("torch_cpu", StringComparison.Ordinal));
            Assert.DoesNotContain(names, n => n.EndsWith(".dylib", StringComparison.Ordinal));
            Assert.Contains("LICENSE", names);
            Assert.Contains("README.md", names);
        }

        var home = build.CleanHome("tool");
        var tools = Path.Combine(build.Root, "tools");
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = Path.Combine(home, "packages"),
            ["XDG_CACHE_HOME"] = null,
            // Data comes from the shared read-only cache; the clean HOME has none.
            ["BATCHLAB_DATA"] = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "batchlab"),
        };
        PackagedBuild.Dotnet(["tool", "install", "BatchLab", "--tool-path", tools, "--source", build.Feed, "--version", build.Version], home, env);
        var batchlab = Path.Combine(tools, "batchlab");

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
