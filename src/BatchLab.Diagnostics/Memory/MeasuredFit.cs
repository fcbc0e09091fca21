namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// The least-squares line through the measured training memory: bytes ≈ Intercept + M × Slope,
/// to compare term by term with the model's fixed part and per-sample peak.
/// </summary>
public sealed record MeasuredFit(double Intercept, double Slope)
{
    /// <summary>The fit of the measured points; null with fewer than two distinct M.</summary>
    public static MeasuredFit? Of(IEnumerable<MemoryPoint> points)
    {
        var measured = points.Where(p => p.MeasuredBytes is not null).Select(p => (X: (double)p.MicroBatch, Y: (double)p.MeasuredBytes!.Value)).ToList();
        if (measured.Select(p => p.X).Distinct().Count() < 2)
        {
            return null;
        }

        var (mx, my) = (measured.Average(p => p.X), measured.Average(p => p.Y));
        var slope = measured.Sum(p => (p.X - mx) * (p.Y - my)) / measured.Sum(p => (p.X - mx) * (p.X - mx));
        return new MeasuredFit(my - (slope * mx), slope);
    }
}
