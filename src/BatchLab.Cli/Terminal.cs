using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatchLab.Cli;

/// <summary>
/// Stderr as people see it. On a terminal every line goes through one Spectre.Console console, so
/// log lines printed while a live progress display runs appear above it instead of tearing it;
/// when stderr is a file or a pipe, lines are written as they are and nothing is redrawn.
/// </summary>
public static class Terminal
{
    static readonly Lazy<IAnsiConsole> Console_ = new(() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Detect,
    }));

    /// <summary>True when stderr is a terminal: progress is drawn live, in place.</summary>
    public static bool IsLive { get; } = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    /// <summary>The stderr console for live displays.</summary>
    public static IAnsiConsole Error => Console_.Value;

    /// <summary>
    /// A line that erases what stood to its right on each screen row it takes: a live display
    /// redraws itself below a new line, and the rows the line covers may still show its old bars.
    /// </summary>
    sealed class ErasedLine(string text) : Renderable
    {
        const string EraseToEnd = "\u001b[K";

        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            foreach (var segment in ((IRenderable)new Spectre.Console.Text(text)).Render(options, maxWidth))
            {
                if (segment.IsLineBreak)
                {
                    yield return Segment.Control(EraseToEnd);
                }

                yield return segment;
            }

            yield return Segment.Control(EraseToEnd);
            yield return Segment.LineBreak;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> under a live progress display of bars, each with Spectre's
    /// remaining time (from the bar's recent speed) when <paramref name="remainingTime"/>; a view
    /// with an estimate of its own (a study's, from step costs) writes it in the description.
    /// </summary>
    public static T Live<T>(Func<ProgressContext, T> body, bool remainingTime = true)
    {
        ProgressColumn[] columns = remainingTime
            ? [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 18 }, new PercentageColumn(), new RemainingTimeColumn()]
            : [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 14 }, new PercentageColumn()];
        return Error.Progress().AutoClear(false).Columns(columns).Start(body);
    }

    static readonly Lock RedrawGate = new();
    static bool redrawn;

    /// <summary>
    /// On a terminal, <paramref name="text"/> on the bottom line in place of what was redrawn there
    /// last (a stage's ticks, a study's progress), cut to the terminal's width so it never wraps and
    /// leaves a torn line behind; the next <see cref="WriteLine"/> erases it. Nothing otherwise.
    /// </summary>
    public static void Redraw(string text)
    {
        if (!IsLive)
        {
            return;
        }

        lock (RedrawGate)
        {
            var width = Math.Max(20, Width() - 1);
            Console.Error.Write("\r" + (text.Length > width ? text[..(width - 1)] + "…" : text) + "\u001b[K");
            redrawn = true;
        }
    }

    /// <summary>The terminal's columns, 80 where it cannot say.</summary>
    public static int Width()
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

    /// <summary>One line for people on stderr (never markup: brackets and the like print as typed).</summary>
    public static void WriteLine(string line)
    {
        if (IsLive)
        {
            lock (RedrawGate)
            {
                if (redrawn)
                {
                    Console.Error.Write("\r\u001b[K");
                    redrawn = false;
                }
            }

            Error.Write(new ErasedLine(line));
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }
}
