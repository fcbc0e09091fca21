using System.Text.RegularExpressions;

namespace BatchLab.Cli;

/// <summary>
/// Log lines of a long stage on stderr. Progress ticks ("3/8 draws", "12/40 ...") redraw one line
/// on a terminal and are dropped when stderr is a file, so logs stay readable; other lines print.
/// </summary>
public sealed partial class StageLog(string indent = "      ")
{
    readonly bool live = !Console.IsErrorRedirected;
    bool redrawn;

    public void Write(string line)
    {
        if (Tick().IsMatch(line))
        {
            if (live)
            {
                Console.Error.Write("\r" + indent + line + "\u001b[K");
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

    [GeneratedRegex(@"\b\d+/\d+ (draws|measurements|steps|seeds|runs)\b")]
    private static partial Regex Tick();
}
