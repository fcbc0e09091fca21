using BatchLab.Data;
using BatchLab.Data.Synthetic;
using static TorchSharp.torch;

namespace BatchLab.Tests.Data;

public class SyntheticRegressionTests
{
    [Fact]
    public void Least_squares_recovers_the_true_weights_and_the_residuals_have_the_noise_variance()
    {
        var spec = new RegressionSpec(Train: 8192, Dimensions: 16, Noise: 0.5, Seed: 3);
        var truth = SyntheticRegression.Generate(spec, new DataOptions { Validation = 0 }, ScalarType.Float64);
        using var data = truth.Dataset;
        var (x, y) = (data.Train.Inputs, data.Train.Targets);

        using var w = linalg.lstsq(x, y).Solution.squeeze(1);
        using var trueW = tensor(truth.Weights);
        using var residual = y.squeeze(1) - x.matmul(trueW);

        // OLS error per weight is about σ/√n = 0.0055; allow 6 standard errors.
        Assert.True((w - trueW).abs().max().item<double>() < 6 * 0.5 / Math.Sqrt(8192));
        // Sample variance of n Gaussians has relative sd √(2/n) = 1.6%; allow 6 of them.
        Assert.Equal(0.25, truth.NoiseVariance);
        Assert.InRange(residual.var().item<double>(), 0.25 * 0.9, 0.25 * 1.1);
        Assert.InRange(residual.mean().item<double>(), -0.05, 0.05);
    }

    [Fact]
    public void Without_noise_targets_are_exactly_linear()
    {
        var truth = SyntheticRegression.Generate(new RegressionSpec(Train: 64, Test: 16, Dimensions: 4, Noise: 0), dtype: ScalarType.Float64);
        using var data = truth.Dataset;
        using var w = tensor(truth.Weights);

        Assert.Equal(0, (data.Test.Targets.squeeze(1) - data.Test.Inputs.matmul(w)).abs().max().item<double>(), 12);
    }

    [Fact]
    public void Same_seed_same_data_other_seed_other_data()
    {
        using var a = SyntheticRegression.Generate(new RegressionSpec(Train: 100, Seed: 5)).Dataset;
        using var b = SyntheticRegression.Generate(new RegressionSpec(Train: 100, Seed: 5)).Dataset;
        using var c = SyntheticRegression.Generate(new RegressionSpec(Train: 100, Seed: 6)).Dataset;

        Assert.True(a.Train.Inputs.eq(b.Train.Inputs).all().item<bool>());
        Assert.True(a.Test.Targets.eq(b.Test.Targets).all().item<bool>());
        Assert.False(a.Train.Inputs.eq(c.Train.Inputs).all().item<bool>());
    }

    [Fact]
    public void Shapes_task_and_default_validation_share()
    {
        using var data = DataCatalog.Load("synthetic-regression");

        Assert.Equal("synthetic-regression:n=4096,test=1024,d=16,noise=0.5,seed=0", data.Name);
        Assert.Equal(TaskKind.Regression, data.Task);
        Assert.Equal(1, data.Outputs);
        Assert.Equal([3687L, 16], data.Train.Inputs.shape);
        Assert.Equal([3687L, 1], data.Train.Targets.shape);
        Assert.Equal(409, data.Validation.Count);
        Assert.Equal(1024, data.Test.Count);
        Assert.Equal(ScalarType.Float32, data.Train.Targets.dtype);
    }

    [Fact]
    public void Float32_data_converts_to_float64()
    {
        using var single = DataCatalog.Load("synthetic-regression:n=50,test=10,d=3");
        using var converted = single.ToDtype(ScalarType.Float64);
        using var direct = SyntheticRegression.Generate(new RegressionSpec(Train: 50, Test: 10, Dimensions: 3), dtype: ScalarType.Float64).Dataset;

        Assert.Equal(ScalarType.Float64, converted.Train.Inputs.dtype);
        Assert.Equal(ScalarType.Float64, converted.Test.Targets.dtype);
        // float32 keeps 24 bits: about 1e-7 relative.
        Assert.True((converted.Train.Inputs - direct.Train.Inputs).abs().max().item<double>() < 1e-6);
    }

    [Theory]
    [InlineData("synthetic-regression:n=100,d=3,noise=0.1,seed=7", "synthetic-regression:n=100,test=1024,d=3,noise=0.1,seed=7")]
    [InlineData("synthetic-regression:", "synthetic-regression:n=4096,test=1024,d=16,noise=0.5,seed=0")]
    public void Names_are_parsed_and_written_with_every_parameter(string name, string canonical) =>
        Assert.Equal(canonical, DataCatalog.Resolve(name).Name);

    [Theory]
    [InlineData("synthetic-regression:width=3", "synthetic-regression: bad parameter 'width=3'; write key=value pairs separated by commas, each key once, keys: n, test, d, noise, seed")]
    [InlineData("synthetic-regression:noise=-1", "synthetic-regression: noise=-1 is not valid; noise must be a finite number of at least 0")]
    [InlineData("synthetic-regression:d=0", "synthetic-regression: d=0 is not valid; d must be a whole number of at least 1")]
    public void Bad_parameters_are_one_line_errors(string name, string message) =>
        Assert.Equal(message, Assert.Throws<BatchLabException>(() => DataCatalog.Resolve(name)).Message);
}
