namespace BatchLab.Saddle;

/// <summary>
/// Closed-form numbers the measurements are read against. Near the saddle the coordinate c along
/// the negative-curvature eigenvector grows by <see cref="GrowthPerStep"/> = 1 + η|λ| per step of
/// exact Riemannian gradient descent. Along that direction f = cos²(√2·c) exactly, so the escape
/// threshold f ≤ 1 − margin is reached at c = arccos(√(1 − margin))/√2 (<see cref="EscapeCoordinate"/>).
/// Hence GD started at offset δ along it escapes after ln(c_esc/δ)/ln(1 + η|λ|) steps. When noise
/// sets the start instead, the escape time is ln(c_esc/push)/ln(1 + η|λ|) + const, so each doubling
/// of B adds ln(2^p)/ln(1 + η|λ|) steps if the push along the escape direction scales like B^−p:
/// p = ½ when the sampled gradients have a component along it (<see cref="StepsPerDoublingDirect"/>),
/// p = 1 when they have none and the push comes from curvature met at a displacement w with
/// |w|² ∝ 1/B (<see cref="StepsPerDoublingIndirect"/>). Linear-regime estimates, not bounds.
/// </summary>
public sealed record EscapeTheory(
    double SaddleValue,
    double SaddleCurvature,
    double GrowthPerStep,
    double EscapeCoordinate,
    double? OffsetEscapeSteps,
    double StepsPerDoublingDirect,
    double StepsPerDoublingIndirect)
{
    public static EscapeTheory For(SaddleEscapeOptions options)
    {
        var growth = 1 + options.LearningRate * Math.Abs(OrthogonalTensor.SaddleCurvature);
        var escape = Math.Acos(Math.Sqrt(1 - options.EscapeMargin)) / Math.Sqrt(2);
        double? offsetSteps = options.GdOffset is > 0 && options.GdOffset < escape
            ? Math.Log(escape / options.GdOffset) / Math.Log(growth)
            : null;
        return new EscapeTheory(
            OrthogonalTensor.SaddleValue, OrthogonalTensor.SaddleCurvature, growth, escape, offsetSteps,
            Math.Log(Math.Sqrt(2)) / Math.Log(growth), Math.Log(2) / Math.Log(growth));
    }
}
