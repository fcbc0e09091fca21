using System.Text.RegularExpressions;

namespace BatchLab.Cli;

/// <summary>
/// Log lines of a long stage on stderr. Progress ticks ("3/8 draws", "12/40 ...") redraw one line
/// on a terminal, cut to the terminal's width so a redraw never wraps and leaves a torn line
/// behind; they are dropped when stderr is a file, so logs stay readable; other lines print.
/// </summary>
public sealed partial class StageLog(string indent = "      ")
{
    readonly bool live = Terminal.IsLive;
    bool redrawn;

    public void Write(string line)
    {
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

    [GeneratedRegex(@"\b\d+/\d+ (draws|measurements|steps|seeds|runs)\b")]
    private static partial Regex Tick();
}
