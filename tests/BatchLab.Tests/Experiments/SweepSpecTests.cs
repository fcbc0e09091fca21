using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments;

public class SweepSpecTests
{
    internal static readonly RunSpec Base = new(
        "synthetic-teacher:n=256,test=64,d=8,classes=3,hidden=8",
        new DataOptions { Validation = 32 },
        "mlp:8",
        new TrainOptions { Budget = new Budget(Epochs: 2), Seed = 9 });

    internal static SweepSpec Spec(string batch = "16,full", string baseLr = "2^-6..2^-4", int seeds = 2) => new(
        Base,
        [GridAxis.Parse("batch", batch, "--batch"), GridAxis.Parse("base_lr", baseLr, "--base-lr"), GridAxis.Seeds(seeds, "--seeds")]);

    [Fact]
    public void Points_are_the_product_of_the_axes_seed_outermost_and_learning_rate_innermost()
    {
        var points = Spec().Points().Select(p => p.Label).ToList();

        Assert.Equal(12, Spec().Count);
        Assert.Equal(12, points.Distinct().Count());
        Assert.Equal(
            ["batch=16 base_lr=0.015625 seed=0", "batch=16 base_lr=0.03125 seed=0", "batch=16 base_lr=0.0625 seed=0", "batch=full base_lr=0.015625 seed=0"],
            points.Take(4));
        Assert.Equal("batch=full base_lr=0.0625 seed=1", points[^1]);
    }

    [Fact]
    public void A_trial_is_the_base_run_with_its_point_applied_and_keyed_by_the_point()
    {
        var trial = Spec().Trials()[3];
        var run = RunSpec.FromJson(trial.Parameters);

        Assert.Equal("""{"base_lr":0.015625,"batch":"full","seed":0}""", trial.Key);
        Assert.Equal(BatchSize.Full, run.Train.Batch);
        Assert.Equal(new LearningRateOptions(BaseLr: 0.015625), run.Train.LearningRate with { Drops = null });
        Assert.Equal(0, run.Train.Seed);
        Assert.Equal(Base.Train.Budget, run.Train.Budget);
        Assert.Equal(Base.DataOptions, run.DataOptions);
        Assert.Equal("batch=full base_lr=0.015625 seed=0", GridPoint.FromKey(trial.Key).Label);
    }

    [Fact]
    public void The_stored_form_reads_back_to_the_same_spec_and_spellings_of_one_grid_agree()
    {
        var spec = Spec();
        var again = SweepSpec.FromJson(spec.ToJson());
        var respelled = Spec(batch: "16,FULL", baseLr: "0.015625,0.03125,0.0625");

        Assert.Equal(spec.ToJson(), again.ToJson());
        Assert.Equal(spec.ToJson(), respelled.ToJson());
        Assert.Equal(spec.Trials(), again.Trials());
    }

    [Fact]
    public void A_spec_file_takes_grid_syntax_lists_and_a_seed_count_and_fills_in_defaults()
    {
        var (name, spec) = SweepSpecJson.Read(
            """
            { "name": "ml", "base": { "data": "mnist", "model": "mlp:256", "train": { "budget": { "epochs": 5 } } },
              "grid": { "batch": "1,2,4,...,16,full", "lr": [0.1, 0.05], "momentum": [0, 0.9], "seed": 3 } }
            """,
            "ml.json");

        Assert.Equal("ml", name);
        Assert.Equal(6 * 2 * 2 * 3, spec.Count);
        Assert.Equal(["seed", "batch", "momentum", "lr"], spec.Axes.Select(a => a.Name));
        Assert.Equal(DataOptions.Default, spec.Base.DataOptions);
        Assert.Equal(5, spec.Base.Train.Budget.Epochs);
        var last = RunSpec.FromJson(spec.Trials()[^1].Parameters);
        Assert.Equal((0.9, 0.05, 2L), (last.Train.Optimizer.Momentum, last.Train.LearningRate.Lr!.Value, last.Train.Seed));
    }

    [Theory]
    [InlineData("""{"base": {"data": "mnist", "model": "mlp:8"}, "grid": {"depth": [1]}}""", "unknown grid axis 'depth'")]
    [InlineData("""{"base": {"data": "mnist", "model": "mlp:8"}, "grid": {"lr": [0.1], "base_lr": [0.01]}}""", "not both")]
    [InlineData("""{"base": {"data": "mnist", "model": "mlp:8"}, "grid": {"batch": true}}""", "f.json: grid.batch: give a list of values or a grid-syntax string")]
    [InlineData("""{"base": {"data": "mnist", "model": "mlp:8"}, "grid": {"batch": [0]}}""", "f.json: grid.batch: batch 0 is not valid")]
    [InlineData("""{"base": {"model": "mlp:8"}, "grid": {}}""", "base needs \"data\" and \"model\"")]
    [InlineData("""{"grid": {}}""", "'base' is missing")]
    [InlineData("""{"base": {"data": "mnist", "model": "mlp:8"}, "grids": {}}""", "unknown key 'grids'")]
    [InlineData("""{"base": {"data": "mnist", "model": "mlp:8"}, "grid": {"batch": "1,2,4,...,1000"}}""", "f.json: grid.batch '1,2,4,...,1000': 1000 is not reached")]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"base": {"data": "mnist", "model": "mlp:8", "train": {"lernrate": 5}}, "grid": {}}""", "f.json: unknown key 'lernrate' at base.train")]
    [InlineData("""{"base": {"data": "mnist", "model": "mlp:8"}, "grid": {"batch": [8], "batch": [16]}}""", "f.json: the key 'grid.batch' is given twice")]
    [InlineData("""{"base": {"data": "mnist", "data": "fashion-mnist", "model": "mlp:8"}, "grid": {}}""", "the key 'base.data' is given twice")]
    public void A_bad_spec_file_is_refused_with_one_line(string json, string problem)
    {
        var e = Assert.Throws<BatchLabException>(() => SweepSpecJson.Read(json, "f.json"));

        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Validation_names_the_first_point_whose_run_cannot_start()
    {
        var spec = new SweepSpec(
            Base with { Train = Base.Train with { LearningRate = new LearningRateOptions(Lr: 0.1, Scaling: LrScaling.Sqrt) } },
            [GridAxis.Parse("batch", "8,16", "--batch")]);

        var e = Assert.Throws<BatchLabException>(spec.Validate);

        Assert.StartsWith("grid point batch=8: --lr-scaling needs --ref-batch", e.Message);
    }
}
