using BatchLab.Diagnostics.Throughput;

namespace BatchLab.Studies;

/// <summary>
/// Measured samples/s at any batch size: log-log interpolation between measured sizes, flat beyond
/// them. Points still disturbed by load after re-measuring are left out (interpolated across).
/// </summary>
public static class ThroughputCurve
{
    public static Func<long, double> From(ThroughputResult result)
    {
        var rows = result.Rows.Where(r => double.IsFinite(r.SamplesPerSecond) && r.SamplesPerSecond > 0 && r.Disturbed is null).OrderBy(r => r.Batch).ToList();
        return batch =>
        {
            if (rows.Count == 0)
            {
                return double.NaN;
            }

            if (batch <= rows[0].Batch)
            {
                return rows[0].SamplesPerSecond * batch / rows[0].Batch; // per-update overhead dominates below
            }

            var above = rows.FindIndex(r => r.Batch >= batch);
            if (above < 0)
            {
                return rows[^1].SamplesPerSecond;
            }

            var (lo, hi) = (rows[above - 1], rows[above]);
            var t = Math.Log((double)batch / lo.Batch) / Math.Log((double)hi.Batch / lo.Batch);
            return Math.Exp(Math.Log(lo.SamplesPerSecond) + (t * (Math.Log(hi.SamplesPerSecond) - Math.Log(lo.SamplesPerSecond))));
        };
    }
}
