using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Storage.Sql;
using BatchLab.Studies;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Workers;
using BatchLab.Tests.Support;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>
/// The budgeted study against its exhaustive twin on a small synthetic task (a teacher network's
/// labels): the same recommended B and η̃ within one grid step, for less training compute; the
/// cells that do not compete stop at the target; rungs stay out of the analysis.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class BudgetedStudyTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("batchlab-budgeted-").FullName;

    static SweepSpec Grid() => new(
        new RunSpec("synthetic-teacher:n=1024,test=256,d=16,classes=4,hidden=16,seed=3", new DataOptions { Validation = 256 }, "mlp:16", new TrainOptions
        {
            Budget = new Budget(Epochs: 3),
            EvalEvery = Duration.Epochs(0.25),
            Pruning = Pruning.Default,
            Target = new Target("val_error", 0.35, Stop: false),
        }),
        [GridAxis.Parse("seed", "0,1", "test"), GridAxis.Parse("batch", "8,32,128", "test"), GridAxis.Parse("base_lr", "2^-7..2^-3:2", "test")]);

    [Fact]
    public void Recommends_what_the_exhaustive_grid_recommends_for_less_compute()
    {
        using var store = ExperimentStores.Open($"sqlite:{Path.Combine(folder, "study.db")}");
        var preset = CustomStudy.Of(Grid(), new StudyDiagnosticsOptions());

        var exhaustive = StudyRunner.Run(preset, "exhaustive", store, new InProcessSweep(), new StudyRunOptions { Budgeted = null, CheckTarget = false }).Analysis!;
        var budgeted = StudyRunner.Run(preset, "budgeted", store, new InProcessSweep(), new StudyRunOptions { CheckTarget = false }).Analysis!;

        // Among the cells whose validation errors are indistinguishable (the selection band), the
        // answer is the one that reaches the target soonest in measured seconds, and seconds vary
        // from run to run on a shared machine; so the budgeted answer must be within one grid step
        // (B's step is 4, η̃'s 4) of a cell the exhaustive grid found indistinguishable from its best.
        var (a, b) = (exhaustive.Recommendation, budgeted.Recommendation);
        var tied = a.TradeOff!.Tied;
        Assert.True(
            tied.Any(c => Math.Abs(Math.Log2((double)c.Batch / b.Batch)) <= 2 && Math.Abs(Math.Log2(c.BaseLearningRate / b.BaseLearningRate!.Value)) <= 2),
            $"budgeted B = {b.Batch}, η̃ = {b.BaseLearningRate}; the exhaustive grid's indistinguishable cells: {string.Join("; ", tied.Select(c => c.Name))}");
        Assert.True(budgeted.Compute!.StudySamples < exhaustive.Compute!.StudySamples, $"{budgeted.Compute.StudySamples} vs {exhaustive.Compute.StudySamples} samples");
        Assert.Equal(exhaustive.Compute.OneRunSamples, budgeted.Compute.OneRunSamples);
        Assert.Null(exhaustive.Budgeted);

        // Every batch size is on the curve, from its last rung only; the cells that do not
        // compete trained to the target and stopped there, the others to the end.
        var result = budgeted.Budgeted!;
        var one = budgeted.Compute.OneRunSamples!.Value;
        Assert.Equal([8L, 32L, 128L], budgeted.Generalization.ByBatch.Select(x => x.Batch).Order());
        Assert.Equal(3, result.Competing.Count + result.StoppedAtTarget.Count);
        // A cell that stops at the target stops there, or where its lower rung ended when that rung
        // had already reached it: the last rung continues the lower rung's checkpoint.
        Assert.All(budgeted.Trials.Where(t => result.StoppedAtTarget.Contains(t.Batch) && t.Target is not null), t => Assert.True(
            t.Updates == t.Target!.Update || (t.Target.Update < t.Updates && t.Samples <= (one / 3) + t.Batch),
            $"B = {t.Batch}: target at update {t.Target.Update}, stopped at {t.Updates} ({t.Samples} samples of {one})"));
        Assert.All(budgeted.Trials.Where(t => result.Competing.Contains(t.Batch) && !t.Diverged && !t.Pruned), t => Assert.InRange(t.Samples, one - t.Batch, one + t.Batch));
        Assert.Equal(2, budgeted.Trials.Count(t => t.Batch == result.SeededBatch)); // the seeds went to the best cell only
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
