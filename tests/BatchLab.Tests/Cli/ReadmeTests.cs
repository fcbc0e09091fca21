using System.CommandLine;
using System.Text.RegularExpressions;
using BatchLab.Cli;
using BatchLab.Studies;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Cli;

/// <summary>
/// The README is a front page that names commands, options, presets and durations; each must be
/// true of the CLI as built, and every duration it quotes must be one recorded in docs/studies.md.
/// </summary>
public sealed partial class ReadmeTests
{
    static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));

    [Fact]
    public void The_front_page_fits_on_a_page()
    {
        Assert.InRange(Readme.Split('\n').Length, 1, 200);
    }

    [Fact]
    public void Every_command_and_option_it_names_exists()
    {
        var root = CliApp.Tree();
        var named = 0;
        foreach (var line in CodeLines().Where(l => l.StartsWith("./batchlab ", StringComparison.Ordinal)))
        {
            var words = line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            var command = Find(root, words.TakeWhile(w => char.IsAsciiLetterLower(w[0])).ToList(), line);
            foreach (Match option in OptionName().Matches(line.Split('#')[0]))
            {
                Assert.True(Options(command).Contains(option.Value), $"README: `{line}`: {command.Name} has no option {option.Value}");
            }

            named++;
        }

        // Table cells and prose: `batchlab diagnose noise`, `agreement` — the later spans are siblings of the last word.
        foreach (Match m in CommandList().Matches(Readme))
        {
            var words = m.Groups["first"].Value.Split(' ').ToList();
            Find(root, words, m.Value);
            foreach (Capture sibling in m.Groups["sibling"].Captures)
            {
                Find(root, [.. words[..^1], sibling.Value], m.Value);
            }

            named++;
        }

        Assert.True(named > 10, $"only {named} commands found in the README: has its form changed?");
    }

    [Fact]
    public void Every_preset_it_names_exists_and_every_preset_has_a_row()
    {
        var table = PresetRows().Matches(Readme).Select(m => m.Groups[1].Value).ToList();
        var mentioned = PresetOption().Matches(Readme).Select(m => m.Groups[1].Value).Where(n => n != "NAME");

        Assert.Equal(StudyPresets.Names.Order(), table.Order());
        Assert.All(mentioned, n => Assert.Contains(n, StudyPresets.Names));
    }

    [Fact]
    public void Every_duration_it_quotes_is_recorded_in_docs_studies()
    {
        var studies = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "studies.md"));
        var prose = string.Join('\n', Readme.Split('\n').Where(l => !l.StartsWith("    ", StringComparison.Ordinal)));
        var durations = DurationText().Matches(prose).Select(m => m.Value).ToList();

        Assert.NotEmpty(durations);
        Assert.All(durations, d => Assert.True(studies.Contains(d, StringComparison.Ordinal), $"README quotes \"{d}\", which docs/studies.md does not record"));
    }

    static IEnumerable<string> CodeLines() => Readme.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim());

    static Command Find(Command root, IReadOnlyList<string> path, string where)
    {
        var command = root;
        foreach (var word in path)
        {
            command = command.Subcommands.FirstOrDefault(c => c.Name == word)
                ?? throw new Xunit.Sdk.XunitException($"README: `{where}`: no command '{word}' under '{command.Name}'");
        }

        Assert.True(command != root, $"README: `{where}` names no command");
        return command;
    }

    static HashSet<string> Options(Command command)
    {
        var names = new HashSet<string>();
        for (var c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in c.Options.Where(o => c == command || o.Recursive))
            {
                names.Add(option.Name);
                names.UnionWith(option.Aliases);
            }
        }

        names.UnionWith(["--help", "--json", "--verbose"]);
        return names;
    }

    [GeneratedRegex(@"--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"`batchlab (?<first>[a-z]+(?: [a-z]+)?)`(?:,? (?:and )?`(?<sibling>[a-z]+)`)*")]
    private static partial Regex CommandList();

    [GeneratedRegex(@"^\| `([a-z-]+)`(?: \(default\))? \|", RegexOptions.Multiline)]
    private static partial Regex PresetRows();

    [GeneratedRegex(@"--preset ([a-zA-Z-]+)")]
    private static partial Regex PresetOption();

    // "4 min 37 s", "83 s", "59 minutes", "2 hours": a number with a unit of time.
    [GeneratedRegex(@"\b\d[\d,.]*\s(?:min|s|minutes|seconds|hours?)\b(?:\s\d+\ss\b)?")]
    private static partial Regex DurationText();
}
