using BatchLab.Data;
using BatchLab.Runtime;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// Loss and error at θ(α) = (1 − α)θ_a + αθ_b. <paramref name="ClampedVariances"/> counts
/// BatchNorm running-variance entries that extrapolation made negative and were set to 0.
/// </summary>
public sealed record InterpolationPoint(double Alpha, double TrainLoss, double TrainError, double TestLoss, double TestError, long ClampedVariances);

/// <summary>
/// Keskar et al. 2017, Figure 3: the loss and error along the straight line through two solutions,
/// θ(α) = (1 − α)θ_a + αθ_b, usually for α from −1 to 2. Every floating-point state tensor is
/// interpolated, BatchNorm running statistics included, so α = 0 and α = 1 are exactly the two
/// solutions (written as (1 − α)·a + α·b, not a + α(b − a), which would round at α = 1). Integer
/// buffers (num_batches_tracked) are taken from θ_a. Evaluated in eval mode on the first
/// <c>trainSamples</c> training samples and the whole test split; the model is left at θ_a.
/// </summary>
public static class LineInterpolation
{
    /// <summary><paramref name="points"/> evenly spaced values from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IReadOnlyList<double> Alphas(double from, double to, int points) =>
        points < 2 || !(to > from)
            ? throw new BatchLabException($"the interpolation needs at least 2 points on an increasing range (got {points} on [{from}, {to}])", BatchLabException.BadInput)
            : [.. Enumerable.Range(0, points).Select(i => from + ((to - from) * i / (points - 1)))];

    public static IReadOnlyList<InterpolationPoint> Evaluate(
        nn.Module<Tensor, Tensor> model, IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b,
        Dataset data, IReadOnlyList<double> alphas, long? trainSamples)
    {
        var state = model.state_dict();
        foreach (var (name, tensor) in state)
        {
            if (!a.TryGetValue(name, out var ta) || !b.TryGetValue(name, out var tb) || !ta.shape.SequenceEqual(tensor.shape) || !tb.shape.SequenceEqual(tensor.shape))
            {
                throw new BatchLabException($"the two solutions do not both match the model at '{name}'; interpolate between weights of the same model", BatchLabException.BadInput);
            }
        }

        var points = new List<InterpolationPoint>();
        try
        {
            foreach (var alpha in alphas)
            {
                var clamped = Set(state, a, b, alpha);
                var (trainLoss, trainError) = Evaluator.Evaluate(model, data.Train, data.Task, trainSamples);
                var (testLoss, testError) = Evaluator.Evaluate(model, data.Test, data.Task);
                points.Add(new InterpolationPoint(alpha, trainLoss, trainError, testLoss, testError, clamped));
            }
        }
        finally
        {
            Set(state, a, b, 0);

            // The last write goes into the module's own tensors after its last use here: keep it
            // from being finalized (which frees them) under a caller that passed it inline.
            GC.KeepAlive(model);
        }

        return points;
    }

    static long Set(Dictionary<string, Tensor> state, IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b, double alpha)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long clamped = 0;
        foreach (var (name, target) in state)
        {
            if (!target.is_floating_point())
            {
                target.copy_(a[name]);
                continue;
            }

            var value = a[name].to_type(target.dtype).Mul(1 - alpha).Add_(b[name].to_type(target.dtype), alpha: alpha);
            if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                clamped += value.Lt(0).sum().item<long>();
                value.ClampMin_(0);
            }

            target.copy_(value);
        }

        return clamped;
    }
}
