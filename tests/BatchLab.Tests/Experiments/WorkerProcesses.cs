using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Tests.Support;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments;

/// <summary>Process-level worker tests share the machine's two cores: run them one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class WorkerProcessCollection
{
    public const string Name = "worker processes";
}

/// <summary>Tiny trials and `batchlab worker` processes for the process-level tests.</summary>
static class WorkerProcesses
{
    /// <summary>231 training, 25 validation and 64 test samples of 8 features, 3 classes.</summary>
    public const string Data = "synthetic-teacher:n=256,test=64,d=8,classes=3,hidden=8";

    public static readonly RunSpec TinyRun = new(Data, DataOptions.Default, "mlp:8", new TrainOptions { Budget = new Budget(Epochs: 2) });

    /// <summary>
    /// One trial long enough (3,000 updates of B = 8, about 2 s on one thread) to be killed, stopped or
    /// interrupted between checkpoints: workers checkpoint it every 250 updates.
    /// </summary>
    public static SweepSpec LongTrial() => new(
        TinyRun with { Train = TinyRun.Train with { Batch = BatchSize.Of(8), Budget = new Budget(Updates: 3000), EvalEvery = Duration.Updates(500), Seed = 1 } },
        [GridAxis.Parse("lr", "0.05", "--lr")]);

    /// <summary>A worker on one torch thread (bit-identical results need the same thread count) with a short lease.</summary>
    public static RunningCli Start(string store, string study, string lease = "2s") =>
        RunningCli.Start("worker", "--store", store, "--study", study, "--lease", lease, "--threads", "1", "--checkpoint-every", "250", "--json");

    public static void WaitUntil(Func<bool> condition, string what, double seconds = 60)
    {
        if (!TryWaitUntil(condition, seconds))
        {
            throw new TimeoutException($"waited {seconds} s for {what}");
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms; false when it still fails after <paramref name="seconds"/>.</summary>
    public static bool TryWaitUntil(Func<bool> condition, double seconds)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    public static TrainSummary Summary(Trial trial) =>
        BatchLab.Sweeps.Results.TrialSummaries.Of(trial) ?? throw new InvalidOperationException($"trial {trial.Number} has no summary ({trial.State})");
}
