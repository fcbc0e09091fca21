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
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(new StatusResult(store.Location, [.. studies.Select(s => StudyStatus.Of(store, s.Name, now))]));
                return ExitCodes.Ok;
            }

            var progress = studies.Select(s => StudyProgress.Of(s.Name, store.TrialsOf(s.Name), now)).ToList();
            Console.WriteLine($"{studies.Count} studies in {store.Location} (`batchlab status --study NAME{StoreHint.For(parse)}` for one's trials)");
            progress.ForEach(p => Console.WriteLine(StatusText.Progress(p)));

            return ExitCodes.Ok;
        }

        var status = StudyStatus.Of(store, StoreArguments.StudyName(store, name), now);
        if (parse.GetValue(CommonOptions.Json))
        {
            Output.Json(new StatusResult(store.Location, [status]));
        }
        else
        {
            Console.WriteLine($"{store.Location}");
            StatusText.Print(status);
        }

        return ExitCodes.Ok;
    }
}

/// <summary>`status --json`: the store and, for each study shown (the one asked for, or every study), its progress and trials.</summary>
public sealed record StatusResult(string Store, IReadOnlyList<StudyStatus> Studies);
