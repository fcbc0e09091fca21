using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// Maximises over a box with Math.NET's <see cref="BfgsBMinimizer"/> (bounded BFGS after Byrd,
/// Lu, Nocedal and Zhu) applied to −f from z = 0, for a fixed number of iterations as Keskar et
/// al. ran L-BFGS-B. Math.NET keeps a dense n×n quasi-Newton matrix and Cholesky-factors its free
/// block every iteration, so this serves small n only (the 100-dimensional subspace): for the
/// 203,530 weights of mlp:256 the matrix alone would take 331 GB.
/// Math.NET throws when it reaches the iteration limit, and a failed line search throws too; the
/// best feasible point evaluated is kept, so either simply ends the search.
/// </summary>
public static class BfgsBMaximizer
{
    /// <summary>Largest n it is used for: a 2000×2000 matrix is 32 MB and factors in milliseconds.</summary>
    public const long MaxDimension = 2000;

    public static BoxMaximum Maximize(BoxProblem problem, int iterations)
    {
        var upper = Vector<double>.Build.Dense(problem.Bound.to_type(ScalarType.Float64).data<double>().ToArray());
        var lower = -upper;
        var evaluations = 0;
        var (bestValue, bestPoint) = (double.NegativeInfinity, Vector<double>.Build.Dense(upper.Count));
        var objective = ObjectiveFunction.Gradient(z =>
        {
            evaluations++;
            using var scope = NewDisposeScope();
            var (value, gradient) = problem.ValueAndGradient(tensor(z.ToArray()));
            if (value > bestValue && z.Zip(upper).All(p => Math.Abs(p.First) <= p.Second))
            {
                (bestValue, bestPoint) = (value, z.Clone());
            }

            return (-value, -Vector<double>.Build.Dense(gradient.to_type(ScalarType.Float64).data<double>().ToArray()));
        });

        // Tolerances far below anything reachable: the iteration limit is what ends the search,
        // as in the paper; a zero projected gradient (a vertex) still stops it early.
        var minimizer = new BfgsBMinimizer(1e-15, 1e-15, 1e-15, iterations);
        int? done;
        string stop;
        try
        {
            var result = minimizer.FindMinimum(objective, lower, upper, Vector<double>.Build.Dense(upper.Count));
            (done, stop) = (result.Iterations, Describe(result.ReasonForExit));
        }
        catch (MaximumIterationsException)
        {
            (done, stop) = (iterations, "iteration limit");
        }
        catch (OptimizationException e)
        {
            (done, stop) = (null, "search stopped: " + e.Message.Split('\n')[0]);
        }

        return new BoxMaximum(bestValue, tensor(bestPoint.ToArray()), done, evaluations, stop);
    }

    static string Describe(ExitCondition exit) => exit switch
    {
        ExitCondition.RelativeGradient or ExitCondition.AbsoluteGradient => "projected gradient zero",
        ExitCondition.LackOfProgress or ExitCondition.WeakWolfeCriteria or ExitCondition.StrongWolfeCriteria => "no further progress",
        _ => exit.ToString(),
    };
}
