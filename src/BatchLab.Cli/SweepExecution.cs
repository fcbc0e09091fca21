using System.Globalization;
using BatchLab.Cli.Commands;
using BatchLab.Cli.Progress;
using BatchLab.Studies.Progress;
using BatchLab.Sweeps.Results;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Cli;

/// <summary>
/// Trains a study's queued trials with N local worker processes and one combined progress view;
/// shared by `sweep` and `study`. Returns an exit code: Ok when every worker ended normally.
/// In a study, the study's overall progress is told the trials and the running trials' updates
/// each second, and the view shows the study's fraction and ETA instead of this sweep's.
/// </summary>
public static class SweepExecution
{
    public static int RunWorkers(IExperimentStore store, string storeLocation, string name, int workers, int? threads, string lease, string? checkpointEvery, bool verbose, IReadOnlyList<string>? extra = null, StepCosts? costs = null, StudyProgressTracker? progress = null)
    {
        var perWorker = threads ?? Math.Max(1, Environment.ProcessorCount / workers);
        List<string> arguments = ["worker", "--study", name, "--lease", lease, "--threads", perWorker.ToString(CultureInfo.InvariantCulture), WorkerCommand.ReportProgress.Name, .. extra ?? []];
        if (verbose)
        {
            arguments.Add(CommonOptions.Verbose.Name);
        }

        if (checkpointEvery is { } every)
        {
            arguments.AddRange(["--checkpoint-every", every]);
        }

        // The store travels in the environment: a PostgreSQL password stays out of `ps`.
        var environment = new Dictionary<string, string> { [StoreArguments.Variable] = storeLocation };
        Output.Log($"starting {Plural(workers, "worker process", "worker processes")} with {Plural(perWorker, "torch thread", "torch threads")} each");
        return SweepView.Run(workers, verbose, view =>
        {
            using var interruption = new Interruption();
            using var pool = LocalWorkers.Start(workers, arguments, environment, view.WorkerLine);
            var stopping = false;
            while (!pool.WaitForExit(TimeSpan.FromSeconds(1)))
            {
                if (interruption.Token.IsCancellationRequested && !stopping)
                {
                    // Ctrl+C reaches the workers from the terminal too; SIGTERM to the sweep alone does not.
                    pool.Terminate();
                    stopping = true;
                }

                Show(view, store, name, pool.Alive, costs, progress);
            }

            Show(view, store, name, 0, costs, progress);
            view.Finish(study: progress is not null);
            if (interruption.Token.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }

            // The worst end first: a crash, then a store given up on, then failed trials.
            int[] worstFirst = [ExitCodes.Failure, ExitCodes.Unavailable, ExitCodes.TrialsFailed];
            var codes = pool.ExitCodes;
            return codes.All(code => code == ExitCodes.Ok) ? ExitCodes.Ok
                : worstFirst.FirstOrDefault(codes.Contains, ExitCodes.Failure);
        });
    }

    static string Plural(int count, string one, string many) => string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");

    // The workers ride out a store outage on their own; the progress line just waits for it.
    static void Show(SweepView view, IExperimentStore store, string name, int alive, StepCosts? costs, StudyProgressTracker? study)
    {
        try
        {
            var trials = store.TrialsOf(name);
            var progress = StudyProgress.Of(name, trials, DateTimeOffset.UtcNow, alive);
            if (study is not null)
            {
                study.ObserveSweep(trials, view.Running());
                view.Show(progress, alive, study.Current);
                return;
            }

            if (costs is not null && StepCostEta.Of(trials, costs, alive, view.UpdatesDone()) is { } eta)
            {
                progress = progress with { Eta = eta };
            }

            view.Show(progress, alive);
        }
        catch (StoreUnavailableException)
        {
        }
    }
}
