using System.Text.Json;
using BatchLab.Runs;
using BatchLab.Storage.Sql;
using BatchLab.Studies;
using BatchLab.Studies.Analysis;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>
/// The per-B learning-rate search against a known answer: a sweep executor that "trains" each
/// trial by a formula whose optimum is known, so the search must bracket it, stop at its cap, and
/// leave interior optima alone.
/// </summary>
public sealed class RateSearchTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("batchlab-search-").FullName;

    /// <summary>Validation error |log2 η̃ − log2 best(B)|/100 + 0.05: smallest at best(B).</summary>
    sealed class KnownOptimum(Func<long, double> best) : ISweepExecutor
    {
        public int Runs { get; private set; }

        public SweepEnd Run(IExperimentStore store, string study, CancellationToken cancel = default)
        {
            Runs++;
            var me = WorkerIdentity.Current("fake");
            while (store.ClaimNext(me, study) is { } trial)
            {
                var spec = RunSpec.FromJson(trial.Parameters);
                var batch = spec.Train.Batch.Samples!.Value;
                var rate = spec.Train.LearningRate.BaseLr!.Value;
                var error = (Math.Abs(Math.Log2(rate) - Math.Log2(best(batch))) / 100) + 0.05;
                var summary = new TrainSummary("COMPLETE", 100, 1, 100 * batch, 1, 1, batch, batch, null, 100, rate * batch, 0.1, error / 2, 0.2, error, 0.2, error,
                    new Dictionary<string, double>(), null, null, "");
                store.Complete(trial.Lease, TrialState.Complete, JsonSerializer.Serialize(summary, RunSpec.Json));
            }

            return SweepEnd.Finished;
        }
    }

    static SweepSpec Grid() => new(
        new RunSpec("synthetic-teacher", new BatchLab.Data.DataOptions(), "mlp:8", new TrainOptions()),
        [GridAxis.Parse("seed", "0,1", "test"), GridAxis.Parse("batch", "8,512", "test"), GridAxis.Parse("base_lr", "2^-8..2^-4:2", "test")]);

    (IExperimentStore Store, KnownOptimum Sweep) Start(string name, Func<long, double> best)
    {
        var store = ExperimentStores.Open($"sqlite:{Path.Combine(folder, name + ".db")}");
        SweepSubmission.Submit(store, name, Grid());
        var sweep = new KnownOptimum(best);
        sweep.Run(store, name);
        return (store, sweep);
    }

    [Fact]
    public void Extends_the_grid_at_an_edge_until_the_optimum_is_bracketed_and_leaves_interior_optima_alone()
    {
        // B = 8: optimum 2^-6, inside the grid 2^-8 … 2^-4. B = 512: optimum 2^-12, two grid steps below it.
        var (store, sweep) = Start("bracket", b => b == 8 ? 1.0 / 64 : 1.0 / 4096);
        using (store)
        {
            var result = new RateSearch(Grid(), cap: 3).Run(store, "bracket", sweep, t => GeneralizationAnalysis.Analyse(t), _ => { }, default);

            var large = result.ByBatch.Single(b => b.Batch == 512);
            Assert.Equal([1.0 / 1024, 1.0 / 4096, 1.0 / 16_384], large.AddedBelow); // 2^-14 is worse than 2^-12: bracketed
            Assert.False(large.CapHitBelow);
            Assert.DoesNotContain(result.ByBatch, b => b.Batch == 8);
            var trials = store.TrialsOf("bracket").Select(FinishedTrial.From).OfType<FinishedTrial>().ToList();
            Assert.Equal(12 + 6, trials.Count); // 2 seeds × each added rate
            var best = GeneralizationAnalysis.Analyse(trials).ByBatch.Single(b => b.Batch == 512);
            Assert.Equal((1.0 / 4096, RateEdge.Interior), (best.BestBaseLearningRate, best.Edge));
        }
    }

    [Fact]
    public void Stops_at_its_cap_and_says_so()
    {
        var (store, sweep) = Start("capped", _ => 1.0 / (1 << 20));
        using (store)
        {
            var result = new RateSearch(Grid(), cap: 1).Run(store, "capped", sweep, t => GeneralizationAnalysis.Analyse(t), _ => { }, default);

            Assert.All(result.ByBatch, b => Assert.True(b.CapHitBelow && b.AddedBelow.Count == 1));
            var trials = store.TrialsOf("capped").Select(FinishedTrial.From).OfType<FinishedTrial>().ToList();
            var analysis = GeneralizationAnalysis.Analyse(trials, search: result);
            Assert.All(analysis.ByBatch, b => Assert.Equal(RateEdge.Lowest, b.Edge));
            Assert.Contains("its cap", analysis.Finding, StringComparison.Ordinal);
            Assert.Contains("cap reached", result.Describe(), StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
