using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Saddle;

/// <summary>
/// Runs one method from the strict saddle, every seed of a problem at once, and records per seed
/// when the exact objective leaves the saddle and when it reaches the global minimum. The exact f
/// is evaluated after each step only to measure; SGD sees nothing but its sampled gradients. A
/// seed stops at the minimum (or at a float64 fixed point of GD); its iterate is then held still
/// while the others continue.
/// </summary>
public static class SaddleDescent
{
    public static IReadOnlyList<(EscapeRun Run, ObjectiveTrace Trace)> Run(
        OrthogonalTensor problem, IReadOnlyList<int> seeds, EscapeMethod method, int? batch, SaddleEscapeOptions options,
        double startOffset = 0)
    {
        // One noise stream per method and batch size, shared by the seeds that advance together.
        using var generator = new Generator(NoiseSeed(method, batch, seeds));
        var u = Start(problem, startOffset);
        var progress = problem.Objective(u).Select((f, s) => new RunProgress(seeds[s], f)).ToArray();
        for (var step = 1; step <= options.StepBudget && progress.Any(p => p.Active); step++)
        {
            using var scope = NewDisposeScope();
            var active = Mask(progress.Select(p => p.Active));
            var gradient = method == EscapeMethod.Sgd
                ? SampleObjective.Gradient(u, SampleObjective.Draw(problem, batch!.Value, generator))
                : problem.Gradient(u);
            if (method == EscapeMethod.PerturbedGd && Perturb(problem, ref u, gradient, progress, step, options.Perturbation, generator))
            {
                gradient = problem.Gradient(u);
            }

            var next = where(active, ProductSphere.Step(u, ProductSphere.Tangent(u, gradient), options.LearningRate), u);
            var unchanged = method == EscapeMethod.Gd ? next.eq(u).flatten(1).all(dim: 1).data<bool>().ToArray() : new bool[seeds.Count];
            var f = problem.Objective(next);
            for (var s = 0; s < progress.Length; s++)
            {
                if (progress[s].Active)
                {
                    progress[s].Record(step, f[s], unchanged[s], options);
                }
            }

            u = Keep(u, next);
        }

        u.Dispose();
        return progress.Select(p => p.Finish(method, batch, startOffset)).ToList();
    }

    /// <summary>The float64 saddle, or the saddle moved by <paramref name="offset"/> along the escape direction.</summary>
    static Tensor Start(OrthogonalTensor problem, double offset)
    {
        using var scope = NewDisposeScope();
        var saddle = problem.StrictSaddle();
        var start = offset == 0 ? saddle : ProductSphere.Retract(saddle.Add(problem.EscapeDirection().Mul(offset)));
        return start.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Jin et al.'s rule per seed: when ‖grad_R f‖ ≤ g_thres and at least t_thres steps passed since
    /// the last perturbation, move to a point uniform in the tangent ball of radius r (retracted).
    /// </summary>
    static bool Perturb(
        OrthogonalTensor problem, ref Tensor u, Tensor gradient, RunProgress[] progress, int step,
        PerturbationOptions rule, Generator generator)
    {
        var norms = ProductSphere.Norm(ProductSphere.Tangent(u, gradient));
        var chosen = progress.Select((p, s) => p.Active && norms[s] <= rule.GradientThreshold && step - p.LastPerturbation >= rule.Interval).ToArray();
        if (!chosen.Any(c => c))
        {
            return false;
        }

        for (var s = 0; s < progress.Length; s++)
        {
            if (chosen[s])
            {
                progress[s].Perturbations++;
                progress[s].LastPerturbation = step;
            }
        }

        var moved = ProductSphere.Retract(u.Add(ProductSphere.UniformTangentBall(u, rule.Radius, generator)));
        u = Keep(u, where(Mask(chosen), moved, u));
        return true;
    }

    static Tensor Mask(IEnumerable<bool> perSeed)
    {
        var flags = perSeed.ToArray();
        return tensor(flags).reshape(flags.Length, 1, 1);
    }

    /// <summary>Frees the old iterate and keeps the new one alive past the step's dispose scope.</summary>
    static Tensor Keep(Tensor old, Tensor next)
    {
        old.Dispose();
        return next.MoveToOuterDisposeScope();
    }

    static ulong NoiseSeed(EscapeMethod method, int? batch, IReadOnlyList<int> seeds) =>
        (ulong)((seeds.Aggregate(17L, (h, s) => h * 31 + s) * 1_000_003 + (long)method * 10_007 + (batch ?? 0)) & long.MaxValue);
}
