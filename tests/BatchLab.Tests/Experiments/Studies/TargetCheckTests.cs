using BatchLab.Runs;
using BatchLab.Studies;
using BatchLab.Tests.Support;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>
/// The time-to-target check trains the recommended cell with a seed no trial used, and its updates
/// are the training's own: the same spec and seed trained directly cross the target at the same update.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class TargetCheckTests
{
    const string Data = "synthetic-teacher:n=2048,test=256,d=16,classes=4,hidden=16,seed=3";

    static RunSpec Spec(long seed, string target) => new(Data, new BatchLab.Data.DataOptions { Validation = 256 }, "mlp:32", new TrainOptions
    {
        Batch = BatchSize.Of(32),
        LearningRate = new LearningRateOptions(Lr: 0.1),
        Budget = new Budget(Epochs: 3),
        EvalEvery = Duration.Parse("0.25ep"),
        Target = Target.Parse(target),
        Seed = seed,
    });

    [Fact]
    public void Checks_with_a_fresh_seed_and_measures_the_updates_a_direct_run_takes()
    {
        var seed = TargetCheck.FreshSeed([0, 1, 2]);
        var spec = Spec(seed, "val_error=0.5");
        using var data = RunFactory.LoadData(spec);
        TrainResult direct;
        using (var trainer = new Trainer(RunFactory.CreateModel(spec, data), data, spec.Train with { Target = spec.Train.Target! with { Stop = true } }))
        {
            direct = trainer.Run();
        }

        // Predicted far below what any run takes: the verdict must say so rather than confirm it.
        var check = TargetCheck.Run(spec, data, predictedUpdates: 1, predictedSeconds: 1e-9);

        Assert.Equal(3, seed);
        Assert.Equal(seed, check.Seed);
        Assert.NotNull(direct.Target);
        Assert.Equal(direct.Target.CrossingUpdate, check.MeasuredUpdates);
        Assert.Equal(check.MeasuredSeconds!.Value / 1e-9, check.Ratio, 6);
        Assert.Contains("more than 30% off", check.Finding, StringComparison.Ordinal);
        Assert.Contains("which no trial of the study used", check.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void A_check_that_misses_the_target_says_the_prediction_is_not_confirmed()
    {
        var spec = Spec(5, "val_error=0.001") with { Train = Spec(5, "val_error=0.001").Train with { Budget = new Budget(Epochs: 0.5) } };
        using var data = RunFactory.LoadData(spec);

        var check = TargetCheck.Run(spec, data, predictedUpdates: 10, predictedSeconds: 0.01);

        Assert.Null(check.MeasuredUpdates);
        Assert.True(double.IsNaN(check.Ratio));
        Assert.Contains("did not reach", check.Finding, StringComparison.Ordinal);
        Assert.Contains("is not confirmed", check.Finding, StringComparison.Ordinal);
    }
}
