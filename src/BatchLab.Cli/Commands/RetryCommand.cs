using System.CommandLine;
using BatchLab.Sweeps;
using BatchLab.Text;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab retry`: puts a study's FAILED (or CANCELLED) trials back in the queue with their
/// failure count reset, e.g. after the disk that made them fail was freed. Each resumes from its
/// newest checkpoint when a worker (or a rerun of the sweep) takes it.
/// </summary>
public static class RetryCommand
{
    static readonly Option<string?> Study = new("--study") { Description = "The study whose trials to queue again (default: the store's only study)" };
    static readonly Option<string> State = new("--state") { Description = "Which trials: FAILED or CANCELLED", DefaultValueFactory = _ => "FAILED" };

    public static Command Create()
    {
        var command = new Command("retry", "Queue a study's FAILED (or CANCELLED) trials again, with their retry count reset; rerun the sweep or start workers to run them")
        {
            Study, State, StoreArguments.Store,
        };
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var state = TrainArguments.ParseEnum<TrialState>(parse.GetValue(State)!, "--state");
        using var store = StoreArguments.Open(parse, create: false);
        var name = StoreArguments.StudyName(store, parse.GetValue(Study));
        var requeued = store.Requeue(name, state);
        if (parse.GetValue(CommonOptions.Json))
        {
            Output.Json(new RetryResult(name, state.ToName(), requeued, store.Counts(name)));
        }
        else
        {
            Console.WriteLine($"study {Printable.Escape(name)}: {requeued} {state.ToName()} trials queued again; run them with `batchlab sweep` (the same command) or `batchlab worker --study {Printable.Escape(name)}`");
        }

        return ExitCodes.Ok;
    }
}

/// <summary>`retry --json`: which trials went back to the queue, how many, and the study's counts after.</summary>
public sealed record RetryResult(string Study, string State, int Requeued, TrialCounts Counts);
