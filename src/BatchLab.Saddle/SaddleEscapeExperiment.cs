using System.Diagnostics;

namespace BatchLab.Saddle;

/// <summary>
/// The whole saddle-escape measurement: certify the start point of every seed, run exact GD (from
/// the float64 saddle and from a tiny offset), perturbed GD and SGD at every batch size from it,
/// then the 2-D saddle. Cost: about (3 + batch sizes) × budget steps of a few dozen small tensor
/// ops each (seeds advance together); the defaults take seconds.
/// </summary>
public static class SaddleEscapeExperiment
{
    public static SaddleEscapeResult Run(SaddleEscapeOptions options, Action<string>? log = null)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var seeds = Enumerable.Range(0, options.Seeds).ToList();
        using var problem = OrthogonalTensor.Random(options.Dimension, seeds);
        var checks = SaddleCertificate.For(problem, seeds);
        log?.Invoke($"saddle: f = {checks.Max(s => s.SaddleObjective):F6}, |grad_R| <= {checks.Max(s => s.RiemannianGradientNorm):0.0e+0}, min Hessian eigenvalue {checks.Min(s => s.MinHessianEigenvalue):F4}");

        var runs = new List<EscapeRun>();
        var traces = new List<ObjectiveTrace>();
        foreach (var (method, batch, offset) in Configurations(options))
        {
            var results = SaddleDescent.Run(problem, seeds, method, batch, options, offset);
            runs.AddRange(results.Select(r => r.Run));
            traces.Add(results[0].Trace);
            var summary = EscapeSummary.Of(results.Select(r => r.Run).ToList());
            log?.Invoke($"{method} batch {batch?.ToString() ?? "exact"} offset {offset:G3}: escaped {summary.Escaped}/{summary.Seeds}, median steps {summary.MedianStepsToEscape?.ToString("F0") ?? "never"} ({clock.Elapsed.TotalSeconds:F1} s)");
        }

        var plane = RunPlane(seeds, options.Plane);
        var summaries = runs.GroupBy(r => (r.Method, r.Batch, r.StartOffset)).Select(g => EscapeSummary.Of(g.ToList())).ToList();
        return new SaddleEscapeResult(
            options, checks, EscapeTheory.For(options), summaries, runs, PlottedTraces(traces, options), plane,
            clock.Elapsed.TotalSeconds);
    }

    static IEnumerable<(EscapeMethod Method, int? Batch, double Offset)> Configurations(SaddleEscapeOptions options)
    {
        yield return (EscapeMethod.Gd, null, 0);
        if (options.GdOffset > 0)
        {
            yield return (EscapeMethod.Gd, null, options.GdOffset);
        }

        yield return (EscapeMethod.PerturbedGd, null, 0);
        foreach (var batch in options.Batches.Distinct().Order())
        {
            yield return (EscapeMethod.Sgd, batch, 0);
        }
    }

    /// <summary>The first seed's trace for GD, perturbed GD, and SGD at the smallest, a middle and the largest batch.</summary>
    static List<ObjectiveTrace> PlottedTraces(List<ObjectiveTrace> traces, SaddleEscapeOptions options)
    {
        var batches = options.Batches.Distinct().Order().ToList();
        int[] shown = [batches[0], batches[batches.Count / 2], batches[^1]];
        return traces.Where(t => t.Method != EscapeMethod.Sgd || shown.Contains(t.Batch!.Value)).ToList();
    }

    static List<PlaneRun> RunPlane(IReadOnlyList<int> seeds, PlaneSaddleOptions options) =>
    [
        .. PlaneDescent.Run(EscapeMethod.Gd, 0, 0, [seeds[0]], options),
        .. PlaneDescent.Run(EscapeMethod.Gd, options.StartX, 0, [seeds[0]], options),
        .. PlaneDescent.Run(EscapeMethod.Sgd, options.StartX, 0, seeds, options),
        .. PlaneDescent.Run(EscapeMethod.PerturbedGd, options.StartX, 0, seeds, options),
    ];
}
