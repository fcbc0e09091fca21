using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Experiments;

/// <summary>`batchlab sweep --fuse auto` trains compatible trials together and stores what `--fuse off` stores.</summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class FusedSweepTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("batchlab-fused-sweep-").FullName;

    CliResult Sweep(string name, string fuse) => CliProcess.Run(
        "sweep", "--store", $"sqlite:{Path.Combine(directory, name + ".db")}", "--name", name, "--data", WorkerProcesses.Data,
        "--model", "mlp:8", "--epochs", "2", "--batch", "16,32", "--lr", "0.05,0.1,1e6", "--seeds", "2",
        "--workers", "1", "--fuse", fuse, "--json", "--verbose");

    [Fact]
    public void Fused_and_unfused_sweeps_store_the_same_trials_and_results()
    {
        var fused = Sweep("fused", "auto");
        var alone = Sweep("alone", "off");

        Assert.True(fused.ExitCode == 0, fused.Stderr);
        Assert.True(alone.ExitCode == 0, alone.Stderr);
        Assert.Contains("train fused (K = 6)", fused.Stderr); // 2 seeds × 3 rates share each B
        Assert.DoesNotContain("train fused", alone.Stderr);
        using var a = ExperimentStores.Open($"sqlite:{Path.Combine(directory, "fused.db")}");
        using var b = ExperimentStores.Open($"sqlite:{Path.Combine(directory, "alone.db")}");
        var fusedTrials = a.TrialsOf("fused");
        var aloneTrials = b.TrialsOf("alone");
        Assert.Equal(12, fusedTrials.Count);
        for (var i = 0; i < fusedTrials.Count; i++)
        {
            var (f, s) = (WorkerProcesses.Summary(fusedTrials[i]), WorkerProcesses.Summary(aloneTrials[i]));
            Assert.Equal(aloneTrials[i].State, fusedTrials[i].State);
            Assert.Equal((s.Updates, s.Samples, s.Divergence?.Update), (f.Updates, f.Samples, f.Divergence?.Update));
            Assert.Equal(1, fusedTrials[i].Attempt); // claimed once: nothing was taken and given back
            if (s.State == "COMPLETE")
            {
                Assert.True(Math.Abs(f.ValLoss!.Value - s.ValLoss!.Value) <= 1e-4 * s.ValLoss.Value, $"trial {i}: val_loss {f.ValLoss} fused, {s.ValLoss} alone");
                Assert.Equal(b.Metrics(aloneTrials[i].Id).Select(m => (m.Name, m.Update)), a.Metrics(fusedTrials[i].Id).Select(m => (m.Name, m.Update)));
            }
        }

        Assert.Equal(4, fusedTrials.Count(t => t.State == TrialState.Diverged)); // lr = 1e6 at both B and both seeds
    }

    /// <summary>
    /// Issue 12, case 7: a fused trial resumed in a different group ended with different weights
    /// (it resumed alone, on the solo trainer's arithmetic). Three trials train fused (K = 3) and
    /// are stopped together mid-run; two resume as a group of two while a stand-in worker holds
    /// the third, which then resumes alone. Each ends bit-identical to the uninterrupted group.
    /// </summary>
    [Fact]
    public void A_fused_trial_interrupted_in_one_group_resumes_bit_identical_in_another_group_or_alone()
    {
        string[] Grid(string name, string workers) =>
        [
            "sweep", "--store", $"sqlite:{Path.Combine(directory, name + ".db")}", "--name", name, "--data", WorkerProcesses.Data,
            "--model", "mlp:8", "--batch", "8", "--lr", "0.05,0.1,0.2", "--seeds", "1", "--updates", "3000", "--eval-every", "500",
            "--checkpoint-every", "250", "--lease", "2s", "--workers", workers, "--threads", "1", "--json", "--verbose",
        ];
        var reference = CliProcess.Run(Grid("reference", "1"));
        Assert.True(reference.ExitCode == 0, reference.Stderr);
        Assert.Contains("train fused (K = 3)", reference.Stderr);
        Assert.Equal(0, CliProcess.Run(Grid("resumed", "0")).ExitCode);
        var location = $"sqlite:{Path.Combine(directory, "resumed.db")}";
        using var store = ExperimentStores.Open(location, new ExperimentStoreOptions { LeaseDuration = TimeSpan.FromSeconds(2) });
        var trials = store.TrialsOf("resumed");

        using (var group = WorkerProcesses.Start(location, "resumed"))
        {
            WorkerProcesses.WaitUntil(() => trials.All(t => store.LoadCheckpoints(t.Id).Count > 0), "a checkpoint of every member");
            group.Send(PosixSignal.Term);
            Assert.Equal(130, group.WaitForExit(TimeSpan.FromMinutes(2)).ExitCode);
        }

        Assert.All(trials, t => Assert.Equal(TrialState.Queued, store.GetTrial(t.Id)!.State));
        var held = store.ClaimNext(WorkerIdentity.Current("stand-in"), "resumed", [trials[1].Id])!;
        var heartbeat = LeaseKeeper.Start(store, held.Lease, TimeSpan.FromSeconds(2));
        using var rest = WorkerProcesses.Start(location, "resumed");
        WorkerProcesses.WaitUntil(() => store.Counts("resumed").Complete == 2, "the two other trials", seconds: 120);
        heartbeat.Dispose();
        store.Release(held.Lease);
        var result = rest.WaitForExit(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("trials 0, 2 train fused (K = 2)", result.Stderr);
        using var expected = ExperimentStores.Open($"sqlite:{Path.Combine(directory, "reference.db")}");
        foreach (var (trial, twin) in store.TrialsOf("resumed").Zip(expected.TrialsOf("reference")))
        {
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Contains(AttemptOutcome.Released, store.Attempts(trial.Id).Select(a => a.Outcome));
            Assert.Equal(WorkerProcesses.Summary(twin).WeightsSha256, WorkerProcesses.Summary(trial).WeightsSha256);
            Assert.Equal(WorkerProcesses.Summary(twin).ValLoss, WorkerProcesses.Summary(trial).ValLoss);
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
