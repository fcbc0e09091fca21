using System.Globalization;
using BatchLab.Cli.Commands;
using BatchLab.Cli.Progress;
using BatchLab.Sweeps.Results;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Cli;

/// <summary>
/// Trains a study's queued trials with N local worker processes and one combined progress view;
/// shared by `sweep` and `study`. Returns an exit code: Ok when every worker ended normally.
/// </summary>
public static class SweepExecution
{
    public static int RunWorkers(IExperimentStore store, string storeLocation, string name, int workers, int? threads, string lease, string? checkpointEvery, bool verbose, IReadOnlyList<string>? extra = null)
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
        Output.Log($"starting {workers} worker processes with {perWorker} torch threads each");
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

                view.Show(StudyProgress.Of(name, store.TrialsOf(name), DateTimeOffset.UtcNow, pool.Alive), pool.Alive);
            }

            view.Show(StudyProgress.Of(name, store.TrialsOf(name), DateTimeOffset.UtcNow, 0), 0);
            view.Finish();
            if (interruption.Token.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }

            return pool.ExitCodes.All(code => code == ExitCodes.Ok) ? ExitCodes.Ok : ExitCodes.Failure;
        });
    }
}
