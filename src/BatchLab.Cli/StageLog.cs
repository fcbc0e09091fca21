using System.Text.RegularExpressions;

namespace BatchLab.Cli;

/// <summary>
/// Log lines of a long stage on stderr. Progress ticks ("3/8 draws", "12/40 ...") redraw one line
/// on a terminal, cut to the terminal's width so a redraw never wraps and leaves a torn line
/// behind; they are dropped when stderr is a file, so logs stay readable. Of the other lines, a
/// stage's end ("noise scale at initialisation: done in 4.2 s"), notes and warnings always print;
/// a measurement's internals (Lanczos products, offsets, each method's run) only when
/// <c>verbose</c>.
/// </summary>
public sealed partial class StageLog(string indent = "      ", bool verbose = true)
{
    /// <summary>Put before each redrawn tick: a study's overall progress ("study 81%, ETA 00:00:40 │ "); null = the tick alone.</summary>
    public Func<string>? Prefix { get; set; }

    /// <summary>A stage log that prints internals only with --verbose.</summary>
    public static StageLog For(System.CommandLine.ParseResult parse) => new(verbose: parse.GetValue(CommonOptions.Verbose));

    public void Write(string line)
    {
        if (!verbose && !Tick().IsMatch(line) && !Essential().IsMatch(line))
        {
            return;
        }

        if (Tick().IsMatch(line))
        {
            Terminal.Redraw(Prefix is { } prefix ? prefix() + line : indent + line);
            return;
        }

        Output.Log(indent + line);
    }

    [GeneratedRegex(@": done in [\d.]+ s$|\b(note|warning|WARNING|skipped|checking)\b")]
    private static partial Regex Essential();

    [GeneratedRegex(@"\b\d+/\d+ (draws|measurements|steps|seeds|runs)\b")]
    private static partial Regex Tick();
}
