using BatchLab.Runtime;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Packaging;

/// <summary>The version comes from git (MinVer): a semantic version with the commit, the same in --version and the library.</summary>
public sealed class VersionTests
{
    [Fact]
    public void The_version_is_semantic_with_the_commit_and_version_prints_it()
    {
        // This clone has git history: a tag gives "1.2.3", no tag "0.1.0-alpha.0.N"; the commit follows '+'.
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?\+[0-9a-f]{12}$", BatchLabVersion.Current);
        Assert.NotEqual("1.0.0.0", BatchLabVersion.Current);

        var printed = CliProcess.Run("--version");

        Assert.Equal((0, BatchLabVersion.Current), (printed.ExitCode, printed.Stdout.Trim()));
    }

    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("0.1.0-alpha.0.7+0123456789abcdef0123", "0.1.0-alpha.0.7+0123456789ab")]
    [InlineData("1.0.0+abc", "1.0.0+abc")]
    public void The_commit_id_is_shortened_to_twelve_digits(string informational, string shown) =>
        Assert.Equal(shown, BatchLabVersion.Shorten(informational));
}
