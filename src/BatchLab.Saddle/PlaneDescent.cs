using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Saddle;

/// <summary>
/// Gradient descent, noisy gradient descent ("SGD": ∇f plus Gaussian noise of a stated standard
/// deviation per coordinate, the stand-in for mini-batch noise) and perturbed gradient descent on
/// <see cref="PlaneSaddle"/>, every seed at once. Runs use the whole step count (no early stop) so
/// that trajectories show where each method settles.
/// </summary>
public static class PlaneDescent
{
    public static IReadOnlyList<PlaneRun> Run(
        EscapeMethod method, double startX, double startY, IReadOnlyList<int> seeds, PlaneSaddleOptions options)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(seeds.Aggregate(7L, (h, s) => h * 31 + s) * 101 + (long)method));
        var points = tensor(new[] { startX, startY }, dtype: float64).repeat(seeds.Count, 1);
        var startGradient = Math.Sqrt(PlaneSaddle.Gradient(points)[0].Square().sum().item<double>());
        var trajectory = new List<double[]> { points[0].data<double>().ToArray() };
        int?[] escaped = new int?[seeds.Count], minimum = new int?[seeds.Count];
        var perturbations = new int[seeds.Count];
        var lastPerturbation = Enumerable.Repeat(int.MinValue / 2, seeds.Count).ToArray();
        for (var step = 1; step <= options.Steps; step++)
        {
            var gradient = PlaneSaddle.Gradient(points);
            if (method == EscapeMethod.Sgd)
            {
                gradient = gradient.Add(randn(gradient.shape, dtype: float64, generator: generator).Mul(options.NoiseStd));
            }
            else if (method == EscapeMethod.PerturbedGd)
            {
                var norms = gradient.norm(dim: 1).data<double>().ToArray();
                var chosen = Enumerable.Range(0, seeds.Count)
                    .Select(s => norms[s] <= options.Perturbation.GradientThreshold && step - lastPerturbation[s] >= options.Perturbation.Interval)
                    .ToArray();
                if (chosen.Any(c => c))
                {
                    foreach (var s in Enumerable.Range(0, seeds.Count).Where(s => chosen[s]))
                    {
                        perturbations[s]++;
                        lastPerturbation[s] = step;
                    }

                    points = where(tensor(chosen).unsqueeze(1), points.Add(UniformDisc(seeds.Count, options.Perturbation.Radius, generator)), points);
                    gradient = PlaneSaddle.Gradient(points);
                }
            }

            points = points - gradient.Mul(options.LearningRate);
            var f = PlaneSaddle.Value(points);
            for (var s = 0; s < seeds.Count; s++)
            {
                escaped[s] ??= f[s] <= PlaneSaddle.SaddleValue - options.EscapeMargin ? step : null;
                minimum[s] ??= f[s] <= PlaneSaddle.MinimumValue + options.MinimumTolerance ? step : null;
            }

            trajectory.Add(points[0].data<double>().ToArray());
        }

        var final = points.data<double>().ToArray();
        return seeds.Select((seed, s) => new PlaneRun(
            method, seed, startX, startY, startGradient, escaped[s], minimum[s],
            final[2 * s], final[2 * s + 1], PlaneSaddle.Value(final[2 * s], final[2 * s + 1]), perturbations[s],
            s == 0 ? trajectory.Select(p => p[0]).ToList() : null,
            s == 0 ? trajectory.Select(p => p[1]).ToList() : null)).ToList();
    }

    /// <summary>Points uniform in the disc of the given radius: uniform angle, radius r·√v.</summary>
    static Tensor UniformDisc(int count, double radius, Generator generator)
    {
        var angle = rand(count, dtype: float64, generator: generator).Mul(2 * Math.PI);
        var length = rand(count, dtype: float64, generator: generator).sqrt().Mul(radius);
        return stack([angle.cos() * length, angle.sin() * length], dim: 1);
    }
}
