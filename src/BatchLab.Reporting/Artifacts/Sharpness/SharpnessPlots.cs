using BatchLab.Diagnostics.Sharpness;
using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Sharpness;

/// <summary>
/// The figures of a <see cref="SharpnessResult"/>: the top of the Hessian spectrum, the power
/// iteration estimates against Lanczos, φ against ε per space, and loss and error along the line
/// through two solutions (Keskar et al.'s Figure 3) with the solutions marked at α = 0 and 1.
/// </summary>
static class SharpnessPlots
{
    public static IReadOnlyList<PlotSpec> Build(SharpnessResult r)
    {
        var plots = new List<PlotSpec>();
        if (r.Lanczos is { } l)
        {
            var rank = l.Eigenvalues.Select((_, i) => (double)(i + 1)).ToList();
            plots.Add(new PlotSpec(
                "sharpness_spectrum", $"Top Hessian eigenvalues at {r.Solution} (Lanczos, {l.Steps} products)",
                new Axis("rank") { Integer = true }, new Axis("eigenvalue"),
                [new Series("Lanczos Ritz values", rank, l.Eigenvalues, SeriesStyle.Markers)]));
        }

        if (r.Power is { } p)
        {
            var x = p.Estimates.Select((_, i) => (double)(i + 1)).ToList();
            var series = new List<Series> { new("power iteration", x, p.Estimates) };
            if (r.Lanczos is { } top)
            {
                series.Add(new Series($"Lanczos λ₁ = {NumberFormat.Significant(4).Format(top.Eigenvalues[0])}", [1, x.Count], [top.Eigenvalues[0], top.Eigenvalues[0]], SeriesStyle.Dashed));
            }

            plots.Add(new PlotSpec("sharpness_power_iteration", "Top eigenvalue: power iteration estimates", new Axis("iteration") { Integer = true }, new Axis("Rayleigh quotient"), series));
        }

        // A log axis only where the ε values span a decade; two nearby values read better on a linear one.
        // One ε alone (the smoke preset) would sit on an axis from −1 to 1: centre it between 0 and 2ε.
        var epsilons = r.Sharpness.Select(s => s.Epsilon).DefaultIfEmpty(1).ToList();
        var single = epsilons.Distinct().Count() == 1;
        plots.Add(new PlotSpec(
            "sharpness_epsilon", $"ε-sharpness at {r.Solution} ({r.Options.Iterations} quasi-Newton iterations)",
            single ? new Axis("ε", AxisScale.Linear, 0, 2 * epsilons[0])
                : new Axis("ε", epsilons.Max() >= 10 * epsilons.Min() ? AxisScale.Log10 : AxisScale.Linear),
            new Axis("sharpness φ (%)", AxisScale.Linear, 0),
            [.. r.Sharpness.GroupBy(s => (s.Space, s.Dimension)).Select(g =>
            {
                var points = g.OrderBy(s => s.Epsilon).ToList();
                return new Series($"{g.Key.Space.Label()} (dimension {g.Key.Dimension:N0})", [.. points.Select(s => s.Epsilon)], [.. points.Select(s => s.Sharpness)]);
            })]));
        if (r.Interpolation.Count > 0)
        {
            plots.Add(Line(r, "sharpness_line_loss", "loss", x => x.TrainLoss, x => x.TestLoss, 1, AxisScale.Log10));
            plots.Add(Line(r, "sharpness_line_error", "error (%)", x => x.TrainError, x => x.TestError, 100, AxisScale.Linear));
        }

        return plots;
    }

    // Loss on a log axis: extrapolation beyond the solutions raises it by orders of magnitude.
    static PlotSpec Line(SharpnessResult r, string id, string what, Func<InterpolationPoint, double> train, Func<InterpolationPoint, double> test, double scale, AxisScale yScale)
    {
        var alpha = r.Interpolation.Select(x => x.Alpha).ToList();
        return new PlotSpec(
            id, $"{char.ToUpperInvariant(what[0])}{what[1..]} along (1 − α)·a + α·b, a = {r.Solution}, b = {r.OtherSolution}",
            new Axis("α"), new Axis(what, yScale),
            [
                new Series("train", alpha, [.. r.Interpolation.Select(x => train(x) * scale)]),
                new Series("test", alpha, [.. r.Interpolation.Select(x => test(x) * scale)]),
            ],
            [new Marker(0, "a"), new Marker(1, "b")]);
    }
}
