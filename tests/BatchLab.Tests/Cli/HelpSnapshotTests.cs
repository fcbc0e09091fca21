using BatchLab.Cli;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Cli;

/// <summary>
/// Every command's --help, at a fixed width of 100 columns, is the verified text in
/// tests/BatchLab.Tests/Cli/Help/ (one file per command: `batchlab data fetch --help` is
/// data-fetch.txt), so a change to an option's name, default or wording shows up as a diff
/// someone reviews. After a deliberate change (or a merge that adds options):
/// `BATCHLAB_ACCEPT_HELP=1 ./run-tests --filter HelpSnapshotTests` rewrites the files; review
/// them with `git diff tests/BatchLab.Tests/Cli/Help/` and commit (docs/cli.md).
/// </summary>
public sealed class HelpSnapshotTests
{
    static readonly string Folder = Path.Combine(RepositoryFiles.Root, "tests", "BatchLab.Tests", "Cli", "Help");
    static readonly bool Accept = Environment.GetEnvironmentVariable("BATCHLAB_ACCEPT_HELP") is "1" or "true";

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var path in HelpExamples.All.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_is_the_verified_text(string command)
    {
        var file = Path.Combine(Folder, FileName(command));
        var actual = CliApp.HelpText(command.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (Accept)
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(file, actual);
            return;
        }

        Assert.True(File.Exists(file), $"no verified help for `batchlab {command}`: run BATCHLAB_ACCEPT_HELP=1 ./run-tests --filter HelpSnapshotTests and review the new file");
        var expected = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(expected == actual, $"`batchlab {command} --help` differs from {Path.GetFileName(file)}; if deliberate, run BATCHLAB_ACCEPT_HELP=1 ./run-tests --filter HelpSnapshotTests and review the diff.\n--- verified\n{expected}\n--- now\n{actual}");
    }

    [Fact]
    public void Every_verified_file_is_a_command()
    {
        var files = Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.txt").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList() : [];

        Assert.Equal(HelpExamples.All.Keys.Select(FileName).Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void Help_answers_even_where_an_argument_is_missing()
    {
        var help = CliProcess.Run("data", "fetch", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Stdout);
    }

    static string FileName(string command) => (command.Length == 0 ? "batchlab" : command.Replace(' ', '-')) + ".txt";
}
