using BatchLab.Diagnostics.Sharpness;

namespace BatchLab.Cli.Commands;

/// <summary>Human output of `batchlab diagnose sharpness`: the eigenvalues, one row per ε-sharpness search, then the finding.</summary>
static class SharpnessText
{
    public static void Print(SharpnessResult r)
    {
        if (r.Lanczos is { } l)
        {
            Console.WriteLine($"top Hessian eigenvalues (Lanczos, {l.Steps} steps): {string.Join(", ", l.Eigenvalues.Select(e => e.ToString("G5")))}");
        }

        if (r.Power is { } p)
        {
            Console.WriteLine($"power iteration: λ1 ≈ {p.Eigenvalue:G5} after {p.Iterations} iterations{(p.Converged ? "" : " (not converged)")}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"space",-16} {"dim",9} {"epsilon",8} {"method",-15} {"f(x)",10} {"max f",10} {"sharpness %",12} {"|y|",9} {"evals",6} {"s",6}");
        foreach (var s in r.Sharpness)
        {
            Console.WriteLine($"{s.Space.Label(),-16} {s.Dimension,9} {s.Epsilon,8:G3} {s.Method,-15} {s.Loss,10:G5} {s.MaxLoss,10:G5} {s.Sharpness,12:G4} {s.PerturbationNorm,9:G3} {s.Evaluations,6} {s.Seconds,6:F1}");
        }

        if (r.Interpolation.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"{"alpha",6} {"train loss",11} {"train err %",11} {"test loss",10} {"test err %",10}");
            foreach (var x in r.Interpolation)
            {
                Console.WriteLine($"{x.Alpha,6:F2} {x.TrainLoss,11:G5} {x.TrainError * 100,11:F2} {x.TestLoss,10:G5} {x.TestError * 100,10:F2}");
            }
        }

        Console.WriteLine($"({r.Seconds:F1} s)");
    }
}
