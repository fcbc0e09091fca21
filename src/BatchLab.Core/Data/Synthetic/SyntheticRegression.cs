using System.Globalization;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Data.Synthetic;

/// <summary>
/// Parameters of <c>synthetic-regression</c>: <paramref name="Train"/> training and
/// <paramref name="Test"/> test samples x ~ N(0, I_d), targets y = w*·x + ε with ε ~ N(0, σ²)
/// and σ = <paramref name="Noise"/>. w* ~ N(0, I/d), so the signal w*·x has variance ≈ 1.
/// Defaults: n=4096, test=1024, d=16, noise=0.5, seed=0.
/// </summary>
public sealed record RegressionSpec(int Train = 4096, int Test = 1024, int Dimensions = 16, double Noise = 0.5, ulong Seed = 0)
{
    public const string Kind = "synthetic-regression";

    static readonly string[] Keys = ["n", "test", "d", "noise", "seed"];

    /// <summary>The full name with every parameter, e.g. <c>synthetic-regression:n=4096,test=1024,d=16,noise=0.5,seed=0</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Kind}:n={Train},test={Test},d={Dimensions},noise={Noise},seed={Seed}");

    /// <summary>Parses the text after "synthetic-regression:" (may be empty: all defaults).</summary>
    public static RegressionSpec Parse(string? parameters)
    {
        var p = SyntheticParameters.Parse(Kind, parameters, Keys);
        var d = new RegressionSpec();
        return new(p.Int("n", d.Train, 2), p.Int("test", d.Test), p.Int("d", d.Dimensions), p.Double("noise", d.Noise), p.Seed());
    }
}

/// <summary>A generated regression set with the answers: true weights w* and noise variance σ².</summary>
public sealed record RegressionTruth(Dataset Dataset, double[] Weights, double NoiseVariance);

/// <summary>Generates <c>synthetic-regression</c>: identical for an identical spec, on every machine.</summary>
public static class SyntheticRegression
{
    /// <summary>
    /// Draws w*, then all inputs, then all noise from one generator seeded with the spec's seed, in
    /// float64; the data set holds them as <paramref name="dtype"/> (float32 by default).
    /// </summary>
    public static RegressionTruth Generate(RegressionSpec spec, DataOptions? options = null, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(spec.Seed);
        var d = spec.Dimensions;
        var weights = randn([d], ScalarType.Float64, generator: generator).Div_(Math.Sqrt(d));
        var x = randn([spec.Train + spec.Test, d], ScalarType.Float64, generator: generator);
        var noise = randn([spec.Train + spec.Test], ScalarType.Float64, generator: generator).Mul_(spec.Noise);
        var y = x.matmul(weights).Add_(noise).unsqueeze(1);
        var (train, validation, test, carving) = SyntheticSplits.Build(x, y, spec.Train, options ?? DataOptions.Default, dtype);

        var dataset = new Dataset
        {
            Name = spec.Name,
            Task = TaskKind.Regression,
            Classes = 0,
            SampleShape = [d],
            Train = train.MoveToOuterDisposeScope(),
            Validation = validation.MoveToOuterDisposeScope(),
            Test = test.MoveToOuterDisposeScope(),
            Provenance = string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: x ~ N(0, I_{d}), y = w*·x + ε, ε ~ N(0, {spec.Noise}²), w* ~ N(0, I/{d}); {carving}"),
            Origin = new DataOrigin($"generator {RegressionSpec.Kind} (seed {spec.Seed})", null, [], spec.Train, spec.Test),
        };
        return new RegressionTruth(dataset, weights.data<double>().ToArray(), spec.Noise * spec.Noise);
    }
}
