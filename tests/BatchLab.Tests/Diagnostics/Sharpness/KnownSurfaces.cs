using BatchLab.Data;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Sharpness;

/// <summary>Loss surfaces whose Hessian is known in closed form, in float64.</summary>
static class KnownSurfaces
{
    /// <summary>A regression data set with training inputs <paramref name="x"/> [N, d] and targets <paramref name="y"/> [N, 1].</summary>
    public static Dataset Regression(Tensor x, Tensor y) => new()
    {
        Name = "known",
        Task = TaskKind.Regression,
        Classes = 0,
        SampleShape = [x.shape[1]],
        Train = new TensorSplit(x, y),
        Validation = new TensorSplit(x.narrow(0, 0, 0), y.narrow(0, 0, 0)),
        Test = new TensorSplit(x.clone(), y.clone()),
        Provenance = "test design",
    };

    /// <summary>
    /// f(w, b) = ½·mean((w·x + b − y)²) is exactly quadratic with Hessian H = ZᵀZ/N, Z = [X, 1],
    /// in the parameter order of nn.Linear (weight, then bias).
    /// </summary>
    public static Tensor LeastSquaresHessian(Tensor x)
    {
        var z = cat([x, ones(x.shape[0], 1, ScalarType.Float64)], 1);
        return z.T.matmul(z).Div(x.shape[0]);
    }

    /// <summary>A d → 1 linear model in float64 holding the given weights and bias.</summary>
    public static nn.Module<Tensor, Tensor> Linear(double[] weights, double bias)
    {
        var model = nn.Linear(weights.Length, 1, dtype: ScalarType.Float64);
        using (no_grad())
        {
            model.weight!.copy_(tensor(weights).unsqueeze(0));
            model.bias!.copy_(tensor(new[] { bias }));
        }

        return model;
    }

    /// <summary>A 10 → 16 → 3 tanh network in float64 whose weights come from <paramref name="seed"/> (not from torch's global generator).</summary>
    public static nn.Module<Tensor, Tensor> TanhNetwork(ulong seed)
    {
        var model = nn.Sequential(("fc1", nn.Linear(10, 16, dtype: ScalarType.Float64)), ("act", nn.Tanh()), ("fc2", nn.Linear(16, 3, dtype: ScalarType.Float64)));
        using var generator = new Generator(seed);
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.copy_(randn(p.shape, ScalarType.Float64, generator: generator).Mul_(0.5));
            }
        }

        return model;
    }

    /// <summary>f(x) = ½xᵀHx + cᵀx on float64 vectors, studied at <see cref="Point"/>.</summary>
    public sealed class Quadratic(Tensor h, Tensor c, Tensor point) : IObjective
    {
        public long Dimension => point.shape[0];

        public Tensor Point => point;

        public double Value(Tensor x) => h.matmul(x).dot(x).Mul(0.5).Add(c.dot(x)).item<double>();

        public (double Value, Tensor Gradient) ValueAndGradient(Tensor x) => (Value(x), h.matmul(x).Add(c));

        /// <summary>The exact maximum of f(x + A z) over |z_i| ≤ bound_i: f is convex, so it lies on one of the 2^p vertices.</summary>
        public double VertexMaximum(Tensor a, double[] bound)
        {
            var best = double.NegativeInfinity;
            for (var corner = 0; corner < 1 << bound.Length; corner++)
            {
                var z = tensor(bound.Select((b, i) => (corner >> i & 1) == 1 ? b : -b).ToArray());
                best = Math.Max(best, Value(point.Add(a.matmul(z))));
            }

            return best;
        }
    }
}
