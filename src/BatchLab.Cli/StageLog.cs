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
    readonly bool live = Terminal.IsLive;
    bool redrawn;

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
            if (live)
            {
                var text = indent + line;
                var width = Math.Max(20, Width() - 1);
                Console.Error.Write("\r" + (text.Length > width ? text[..(width - 1)] + "…" : text) + "\u001b[K");
                redrawn = true;
            }

            return;
        }

        if (redrawn)
        {
            Console.Error.Write("\r\u001b[K");
            redrawn = false;
        }

        Output.Log(indent + line);
    }

    static int Width()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    [GeneratedRegex(@": done in [\d.]+ s$|\b(note|warning|WARNING|skipped|checking)\b")]
    private static partial Regex Essential();

    [GeneratedRegex(@"\b\d+/\d+ (draws|measurements|steps|seeds|runs)\b")]
    private static partial Regex Tick();
}
