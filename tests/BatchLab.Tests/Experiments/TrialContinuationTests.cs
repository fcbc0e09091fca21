using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Storage.Sql;
using BatchLab.Studies;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Results;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;
using BatchLab.Tests.Support;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments;

/// <summary>
/// A promoted rung of a budgeted study continues its lower rung's last checkpoint instead of
/// retraining (<see cref="TrialContinuation"/>): it must end bit-identical to the same point
/// trained from scratch to the larger budget, store curves from update 0, and count as study
/// compute only the samples it trained beyond the rung. A decaying schedule spans the budget, so
/// its rung's checkpoint does not fit and the trial trains from scratch (same result, nothing
/// inherited).
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class TrialContinuationTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("batchlab-continuation-").FullName;

    static RunSpec Base(ScheduleKind schedule) => new(
        "synthetic-teacher:n=512,test=128,d=16,classes=4,hidden=16,seed=5", new DataOptions { Validation = 128 }, "mlp:16", new TrainOptions
        {
            Batch = BatchSize.Of(16),
            LearningRate = new LearningRateOptions(BaseLr: 1.0 / 64, Schedule: schedule),
            Budget = new Budget(Epochs: 3),
            EvalEvery = Duration.Epochs(0.25),
            Target = new Target("val_error", 0.5, Stop: false),
        });

    static GridPoint Point(double? fraction, string? stop) => GridPoint.Of(
        new[] { KeyValuePair.Create("seed", GridValue.Of(0)), KeyValuePair.Create("base_lr", GridValue.Of(1.0 / 64)) }
            .Concat(fraction is double f ? [KeyValuePair.Create(GridAxes.BudgetFraction.Name, GridValue.Of(f))] : [])
            .Concat(stop is string s ? [KeyValuePair.Create(GridAxes.StopAtTarget.Name, GridValue.Of(s))] : []));

    static Trial Train(IExperimentStore store, string study, RunSpec spec, GridPoint point, bool fuse)
    {
        store.AddTrials(study, [TrialRequest.Of(point.Key, point.Apply(spec).ToJson())]);
        Assert.Equal(SweepEnd.Finished, new InProcessSweep(fuse: fuse).Run(store, study));
        return store.TrialsOf(study).Single(t => t.Key == point.Key);
    }

    [Theory]
    [InlineData(ScheduleKind.Constant, true)]
    [InlineData(ScheduleKind.Constant, false)]
    [InlineData(ScheduleKind.Cosine, true)]
    public void A_promoted_rung_ends_bit_identical_to_a_trial_trained_from_scratch(ScheduleKind schedule, bool fuse)
    {
        using var store = ExperimentStores.Open($"sqlite:{Path.Combine(folder, "s.db")}");
        var spec = Base(schedule);
        store.CreateOrGetStudy("halving", "{}");
        store.CreateOrGetStudy("scratch", "{}");

        var rung = Train(store, "halving", spec, Point(1.0 / 3, null), fuse);
        var continued = Train(store, "halving", spec, Point(null, "no"), fuse);
        var scratch = Train(store, "scratch", spec, Point(null, "no"), fuse);

        var (r, c, s) = (TrialSummaries.Of(rung)!, TrialSummaries.Of(continued)!, TrialSummaries.Of(scratch)!);
        Assert.Equal(TrialState.Complete, continued.State);
        Assert.Equal(s.WeightsSha256, c.WeightsSha256);
        Assert.Equal((s.Updates, s.Samples, s.TrainLoss, s.ValLoss, s.TestLoss), (c.Updates, c.Samples, c.TrainLoss, c.ValLoss, c.TestLoss));
        Assert.Equal(s.Target?.Update, c.Target?.Update);
        Assert.True(r.Updates < s.Updates, $"the rung trained {r.Updates} of {s.Updates} updates");

        // Curves start at update 0 either way; a continuation marks what it inherited.
        var metrics = store.Metrics(continued.Id);
        Assert.Equal(0, metrics.Where(m => m.Name == "val_error").Min(m => m.Update));
        var inherited = metrics.Where(m => m.Name == TrialContinuation.InheritedSamples).ToList();
        var compute = StudyCompute.Of(store, "halving", spec);
        if (schedule == ScheduleKind.Constant)
        {
            Assert.Equal((r.Updates, (double)r.Samples), (Assert.Single(inherited).Update, inherited[0].Value));
            Assert.Equal(s.Samples, compute.StudySamples);
        }
        else
        {
            Assert.Empty(inherited);
            Assert.Equal(r.Samples + s.Samples, compute.StudySamples);
        }
    }

    [Fact]
    public void A_trial_continues_the_complete_trial_of_its_point_at_the_largest_smaller_budget_only()
    {
        Trial T(long id, GridPoint point, TrialState state = TrialState.Complete) =>
            new(id, "s", (int)id, point.Key, "{}", state, 1, 0, null, null, DateTimeOffset.UnixEpoch, null, null, null, null);
        var ninth = T(1, Point(1.0 / 9, null));
        var third = T(2, Point(1.0 / 3, null));
        var pruned = T(3, Point(1.0 / 3, null), TrialState.Pruned);
        var other = T(4, GridPoint.Of([KeyValuePair.Create("seed", GridValue.Of(1)), KeyValuePair.Create("base_lr", GridValue.Of(1.0 / 64)), KeyValuePair.Create(GridAxes.BudgetFraction.Name, GridValue.Of(1.0 / 3))]));
        var full = T(5, Point(null, "yes"));
        List<Trial> all = [ninth, third, pruned, other, full];

        Assert.Equal(third.Id, TrialContinuation.Parent(all, full)?.Id);
        Assert.Equal(ninth.Id, TrialContinuation.Parent(all, third)?.Id);
        Assert.Null(TrialContinuation.Parent(all, ninth));
        Assert.Equal(ninth.Id, TrialContinuation.Parent([ninth, pruned, other], T(6, Point(1.0 / 3, "no")))?.Id); // the stop rule is no part of the point
        Assert.Null(TrialContinuation.Parent([pruned, other], full)); // a pruned rung and another seed's are not this point's
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
