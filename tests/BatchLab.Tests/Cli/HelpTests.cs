using BatchLab.Cli;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Cli;

/// <summary>
/// Every --help ends with two or three examples, and each example is a command line the CLI
/// accepts as written (options and values parse), so an example can never drift from the options.
/// </summary>
public sealed class HelpTests
{
    [Fact]
    public void Every_command_has_two_or_three_examples_that_parse()
    {
        var root = CliApp.Tree();
        var commands = Paths(root, "").ToList();

        Assert.Equal(commands.Order(), HelpExamples.All.Keys.Order());
        foreach (var (command, examples) in HelpExamples.All)
        {
            Assert.InRange(examples.Length, 2, 3);
            foreach (var example in examples)
            {
                Assert.StartsWith(("batchlab " + command).Trim(), example, StringComparison.Ordinal);
                var words = example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).TakeWhile(w => w != ">").ToArray();
                var parsed = root.Parse(words);
                Assert.True(parsed.Errors.Count == 0, $"`{example}`: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
            }
        }
    }

    [Fact]
    public void Help_ends_with_the_examples()
    {
        var help = CliProcess.Run("train", "--help");

        Assert.Equal(0, help.ExitCode);
        var tail = help.Stdout.TrimEnd().Split('\n')[^4..];
        Assert.Equal(["Examples:", .. HelpExamples.All["train"].Select(e => "  " + e)], tail.Select(l => l.TrimEnd()));
    }

    [Fact]
    public void An_old_option_name_still_works_but_not_beside_the_new_one()
    {
        var both = CliProcess.Run("saddle", "--batch", "4", "--batches", "8", "--steps", "10");

        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--batches is the old name of --batch", both.Stderr);
    }

    static IEnumerable<string> Paths(System.CommandLine.Command command, string prefix)
    {
        yield return prefix;
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var path in Paths(sub, (prefix + " " + sub.Name).Trim()))
            {
                yield return path;
            }
        }
    }
}
