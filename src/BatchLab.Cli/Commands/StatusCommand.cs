using System.CommandLine;
using BatchLab.Sweeps.Results;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab status`: trials per state, progress, ETA and a table of a study's trials.</summary>
public static class StatusCommand
{
    static readonly Option<string?> Study = new("--study") { Description = "The study to show (default: the store's only study; with several, a line for each)" };

    public static Command Create()
    {
        var command = new Command("status", "Show a study's progress: trials per state, ETA from finished trials and live workers, and each trial's grid point, state, attempt, updates and final errors")
        {
            Study, StoreArguments.Store,
        };
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        using var store = StoreArguments.Open(parse, create: false);
        var now = DateTimeOffset.UtcNow;
        var name = parse.GetValue(Study);
        var studies = store.ListStudies();
        if (name is null && studies.Count > 1)
        {
            // Several studies: one progress line each; the tables would drown each other.
            var progress = studies.Select(s => StudyProgress.Of(s.Name, store.TrialsOf(s.Name), now)).ToList();
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(progress);
            }
            else
            {
                Console.WriteLine($"{studies.Count} studies in {store.Location} (`batchlab status --study NAME` for one's trials)");
                progress.ForEach(p => Console.WriteLine(StatusText.Progress(p)));
            }

            return ExitCodes.Ok;
        }

        var status = StudyStatus.Of(store, StoreArguments.StudyName(store, name), now);
        if (parse.GetValue(CommonOptions.Json))
        {
            Output.Json(status);
        }
        else
        {
            Console.WriteLine($"{store.Location}");
            StatusText.Print(status);
        }

        return ExitCodes.Ok;
    }
}
