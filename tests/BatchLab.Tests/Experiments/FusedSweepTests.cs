using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
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

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
