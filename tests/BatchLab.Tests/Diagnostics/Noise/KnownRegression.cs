using BatchLab.Data;
using BatchLab.Data.Synthetic;
using BatchLab.Diagnostics.Gradients;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Noise;

/// <summary>
/// Linear regression with known answers: x ~ N(0, I_d), y = w*·x + ε with ε ~ N(0, σ²), loss
/// ½(w·x − y)², a bias-free linear model at w = w* + δ. In closed form (infinite data)
/// |G|² = ‖δ‖² and tr Σ = d(‖δ‖² + σ²) + ‖δ‖²; on the N drawn samples, the exact values come
/// from all N per-sample gradients.
/// </summary>
public sealed class KnownRegression : IDisposable
{
    public KnownRegression(int train = 4096, int dimensions = 16, double noise = 0.5, double deltaNorm = 1.0, ulong seed = 3)
    {
        var truth = SyntheticRegression.Generate(new RegressionSpec(Train: train, Test: 64, Dimensions: dimensions, Noise: noise, Seed: seed), new DataOptions { Validation = 0 }, ScalarType.Float64);
        Data = truth.Dataset;
        NoiseVariance = truth.NoiseVariance;
        using var generator = new Generator(seed + 100, CPU);
        using var direction = randn([dimensions], ScalarType.Float64, generator: generator);
        Delta = direction.div(direction.norm()).Mul(deltaNorm).data<double>().ToArray();
        var linear = nn.Linear(dimensions, 1, hasBias: false, dtype: ScalarType.Float64);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(truth.Weights.Zip(Delta, (w, d) => w + d).ToArray()).unsqueeze(0));
        }

        Model = linear;
    }

    public Dataset Data { get; }

    public nn.Module<Tensor, Tensor> Model { get; }

    public double[] Delta { get; }

    public double NoiseVariance { get; }

    public int Dimensions => Delta.Length;

    public double DeltaSquared => Delta.Sum(d => d * d);

    public double ClosedFormSquaredNorm => DeltaSquared;

    public double ClosedFormTrace => (Dimensions * (DeltaSquared + NoiseVariance)) + DeltaSquared;

    /// <summary>
    /// |G|² and tr Σ over the N training samples from every per-sample gradient, each taken by
    /// autograd one sample at a time (Σ normalised by N, the population covariance).
    /// </summary>
    public (double SquaredNorm, double Trace) ExactFromPerSampleGradients()
    {
        using var scope = NewDisposeScope();
        using var gradients = new MeanGradient(Model, Data, chunk: 1);
        var n = Data.Train.Count;
        var each = stack([.. Enumerable.Range(0, (int)n).Select(i => gradients.Of(tensor(new long[] { i })))]);
        var mean = each.mean([0]);
        var trace = each.sub(mean).Square().sum(1).mean().item<double>();
        return (mean.dot(mean).item<double>(), trace);
    }

    public void Dispose()
    {
        Data.Dispose();
        Model.Dispose();
    }
}
