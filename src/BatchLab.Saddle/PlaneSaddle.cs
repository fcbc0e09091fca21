using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Saddle;

/// <summary>
/// f(x, y) = x² − y² + y⁴/4: a strict saddle at the origin (f = 0, Hessian diag(2, −2)) and two
/// global minima at (0, ±√2) (f = −1, Hessian diag(2, 4)). ∇f = (2x, y³ − 2y) is exactly zero at the
/// origin in floating point, and its y component stays exactly zero whenever y = 0, so gradient
/// descent started on the x axis never leaves it: the case of a gradient that is zero exactly.
/// Points are float64 tensors S×2, one row per seed.
/// </summary>
public static class PlaneSaddle
{
    public const double SaddleValue = 0.0;

    public const double MinimumValue = -1.0;

    public static readonly double MinimumY = Math.Sqrt(2);

    public static double Value(double x, double y) => x * x - y * y + y * y * y * y / 4;

    public static double[] Value(Tensor points)
    {
        using var scope = NewDisposeScope();
        var (x, y) = (points[.., 0], points[.., 1]);
        return (x.Square() - y.Square()).Add(y.Pow(4).Div(4)).data<double>().ToArray();
    }

    public static Tensor Gradient(Tensor points)
    {
        using var scope = NewDisposeScope();
        var (x, y) = (points[.., 0], points[.., 1]);
        return stack([x.Mul(2), y.Pow(3) - y.Mul(2)], dim: 1).MoveToOuterDisposeScope();
    }
}
