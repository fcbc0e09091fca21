using System.IO.Compression;
using System.Xml.Linq;
using BatchLab.Tests.Support;
using Xunit.Abstractions;

namespace BatchLab.Tests.Packaging;

/// <summary>
/// The library packages leave the backend to the application: BatchLab.Core depends on the
/// managed TorchSharp package only, and samples/OwnModel, copied out of the repository (so none of
/// its build files apply) with TorchSharp-cpu as its backend, builds and runs against the packed
/// packages. It runs on Debian 12 too because Core's package carries the native-library fix
/// (buildTransitive/BatchLab.Core.targets) into the application's build.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class LibraryPackageTests(PackagedBuild build, ITestOutputHelper output)
{
    [Fact]
    public void Library_packages_depend_on_plain_TorchSharp_carry_docs_and_sources_and_build_the_own_model_sample()
    {
        foreach (var library in PackagedBuild.Libraries)
        {
            using var zip = ZipFile.OpenRead(build.Package(library));
            output.WriteLine($"{library}: {new FileInfo(build.Package(library)).Length / 1e3:F0} kB");
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains($"lib/net10.0/{library}.xml", names);
            Assert.Contains("LICENSE", names);
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var ids = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();
            Assert.DoesNotContain("TorchSharp-cpu", ids);
            Assert.Equal("MIT", nuspec.Descendants().Single(e => e.Name.LocalName == "license").Value);
            if (library == "BatchLab.Core")
            {
                Assert.Contains("TorchSharp", ids);
                Assert.Contains("buildTransitive/BatchLab.Core.targets", names);
            }
        }

        var sample = Path.Combine(build.Root, "own-model");
        Directory.CreateDirectory(sample);
        File.Copy(Path.Combine(RepositoryFiles.Root, "samples", "OwnModel", "Program.cs"), Path.Combine(sample, "Program.cs"));
        File.WriteAllText(Path.Combine(sample, "OwnModel.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BatchLab.Core" Version="{build.Version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        // BatchLab packages come fresh from the feed into a private package folder; TorchSharp and
        // libtorch are taken from this machine's package cache (a fallback folder) instead of downloading them again.
        var cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(sample, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="batchlab" value="{build.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="cache" value="{cache}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        var env = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(sample, "packages") };
        PackagedBuild.Dotnet(["build", "-c", "Release", "--nologo", "-v", "quiet", "--disable-build-servers"], sample, env);

        var run = ProcessRunner.Run("dotnet", [Path.Combine(sample, "bin", "Release", "net10.0", "OwnModel.dll")], sample, env, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, ProcessRunner.Tail(run.Output));
        Assert.Contains("B = full", run.Output, StringComparison.OrdinalIgnoreCase);
    }
}
