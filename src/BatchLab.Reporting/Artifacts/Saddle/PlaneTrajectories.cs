using BatchLab.Reporting.Plots;
using BatchLab.Saddle;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Saddle;

/// <summary>
/// The 2-D figure: level curves of f(x, y) = x² − y² + y⁴/4, the first seed's trajectory of each
/// method, and the saddle and minima as marked points. Level set f = c is x = ±√(c + y² − y⁴/4),
/// defined where y² lies in [2 − 2√(1+c), 2 + 2√(1+c)]: one closed curve for c ≥ 0 (a figure of
/// eight through the saddle at c = 0), two around the minima for −1 &lt; c &lt; 0.
/// </summary>
static class PlaneTrajectories
{
    static readonly double[] Levels = [-0.75, -0.25, 0, 1, 2.25];

    const int PointsPerBranch = 60;

    public static PlotSpec Plot(SaddleEscapeResult result)
    {
        var series = Levels.Select(c => LevelCurve(c)).ToList();
        foreach (var run in result.Plane.Where(p => p.TrajectoryX is not null))
        {
            var atSaddle = run.StartX == 0 && run.StartY == 0;
            var name = atSaddle
                ? $"GD from the saddle (gradient exactly {NumberFormat.General.Format(run.StartGradientNorm)}; ends at ({NumberFormat.General.Format(run.FinalX)}, {NumberFormat.General.Format(run.FinalY)}))"
                : $"{Name(run.Method, result.Options.Plane)} from ({NumberFormat.General.Format(run.StartX)}, {NumberFormat.General.Format(run.StartY)}), seed {run.Seed}";
            series.Add(new Series(name, run.TrajectoryX!, run.TrajectoryY!, atSaddle ? SeriesStyle.Markers : SeriesStyle.Line));
        }

        series.Add(new Series("saddle (0, 0), f = 0", [0], [0], SeriesStyle.Markers));
        series.Add(new Series("minima (0, ±√2), f = −1", [0, 0], [PlaneSaddle.MinimumY, -PlaneSaddle.MinimumY], SeriesStyle.Markers));
        return new PlotSpec(
            "saddle_plane", "f(x, y) = x² − y² + y⁴/4: trajectories from the saddle's stable manifold",
            new Axis("x", Min: -2, Max: 2), new Axis("y", Min: -2.2, Max: 2.2), series);
    }

    static string Name(EscapeMethod method, PlaneSaddleOptions options) => method switch
    {
        EscapeMethod.Gd => "GD",
        EscapeMethod.Sgd => $"noisy GD (σ = {NumberFormat.General.Format(options.NoiseStd)})",
        _ => "perturbed GD",
    };

    /// <summary>One series per level; separate closed curves are joined by a gap (a NaN y).</summary>
    static Series LevelCurve(double c)
    {
        var outer = Math.Sqrt(2 + 2 * Math.Sqrt(1 + c));
        var inner = Math.Sqrt(Math.Max(0, 2 - 2 * Math.Sqrt(1 + c)));
        (double Low, double High)[] pieces = c < 0 ? [(inner, outer), (-outer, -inner)] : [(-outer, outer)];
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var (low, high) in pieces)
        {
            if (xs.Count > 0)
            {
                xs.Add(0);
                ys.Add(double.NaN);
            }

            // Cosine spacing puts points where the curve turns, at the ends of the y interval.
            var grid = Enumerable.Range(0, PointsPerBranch + 1)
                .Select(k => (low + high) / 2 - (high - low) / 2 * Math.Cos(Math.PI * k / PointsPerBranch)).ToList();
            foreach (var (y, sign) in grid.Select(y => (y, 1.0)).Concat(grid.AsEnumerable().Reverse().Select(y => (y, -1.0))))
            {
                xs.Add(sign * Math.Sqrt(Math.Max(0, c + y * y - y * y * y * y / 4)));
                ys.Add(y);
            }
        }

        return new Series($"f = {NumberFormat.General.Format(c)}", xs, ys, SeriesStyle.Line);
    }
}
