using BatchLab.Data;
using BatchLab.Diagnostics.Noise;
using BatchLab.Runs;
using BatchLab.Storage.Sql;
using BatchLab.Studies;
using BatchLab.Studies.Progress;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Workers;
using BatchLab.Tests.Support;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>
/// A small budgeted study on synthetic data (a teacher network's labels) reports one overall
/// progress through its rungs, its rate search, a diagnostic and the report: the fraction never
/// goes back and the stages come in order.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class OverallProgressStudyTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("batchlab-progress-").FullName;

    [Fact]
    public void A_budgeted_study_s_overall_fraction_only_grows_from_its_first_rung_to_its_report()
    {
        var grid = new SweepSpec(
            new RunSpec("synthetic-teacher:n=320,test=64,d=8,classes=3,hidden=8,seed=5", new DataOptions { Validation = 64 }, "mlp:8", new TrainOptions
            {
                Budget = new Budget(Epochs: 1),
                EvalEvery = Duration.Epochs(0.5),
            }),
            [GridAxis.Parse("seed", "0", "test"), GridAxis.Parse("batch", "8,64", "test"), GridAxis.Parse("base_lr", "2^-6..2^-2:2", "test")]);
        var preset = CustomStudy.Of(grid, new StudyDiagnosticsOptions { Noise = new NoiseScaleOptions { Batches = [8, 16], Draws = 4, Resamples = 20 } });
        using var store = ExperimentStores.Open($"sqlite:{Path.Combine(folder, "study.db")}");
        var tracker = new StudyProgressTracker(0, null, workers: 1);
        var seen = new List<OverallProgress>();
        tracker.Changed += seen.Add;

        var run = StudyRunner.Run(preset, "progress", store, new InProcessSweep(), new StudyRunOptions { CheckTarget = false, Progress = tracker });
        tracker.Enter(StudyStage.Done);

        Assert.NotNull(run.Analysis);
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second.Fraction >= pair.First.Fraction, $"{pair.First.Fraction} ({pair.First.Stage}: {pair.First.Detail}) then {pair.Second.Fraction} ({pair.Second.Stage}: {pair.Second.Detail})"));
        Assert.Equal([StudyStage.Sweep, StudyStage.Diagnostics, StudyStage.Report, StudyStage.Done], seen.Select(p => p.Stage).Distinct());

        // Every rung moved it on, and the diagnostics had a share of their own.
        var sweep = seen.Where(p => p.Stage == StudyStage.Sweep).Select(p => p.Fraction).Distinct().ToList();
        Assert.True(sweep.Count >= 3, $"the sweep's fractions: {string.Join(", ", sweep)}");
        Assert.InRange(sweep[^1], 0.01, 0.999);
        Assert.Contains(seen, p => p.Stage == StudyStage.Diagnostics && p.Fraction > sweep[^1]);
        Assert.Equal(1, seen[^1].Fraction);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
