using BatchLab.Diagnostics.Agreement;
namespace BatchLab.Studies.Findings;

/// <summary>The finding of an <see cref="AgreementResult"/>, every number computed from it.</summary>
public static class AgreementFinding
{
    public static string Describe(AgreementResult r)
    {
        var population = r.WholeTrainingSet ? $"all N = {r.Population:N0} training samples" : $"a fixed random subset of N = {r.Population:N0} of the {r.TrainSize:N0} training samples";
        var clauses = new List<string> { $"Full-data gradient over {population}; {r.Options.Draws} draws per batch size." };
        clauses.AddRange(r.Points.Select(p => Point(p, r.HundredthBatch)));
        return string.Join(" ", clauses);
    }

    static string Point(AgreementPoint p, long hundredth)
    {
        var row = p.Rows.FirstOrDefault(x => x.Batch == hundredth);
        if (row is null)
        {
            return $"At {p.Weights}: B = N/100 was not among the sizes measured.";
        }

        var angle = Math.Acos(Math.Clamp(row.MeanCosine, -1, 1)) * 180 / Math.PI;
        var verdict = row.MeanCosine >= 0.9 ? "so yes, roughly the same direction"
            : row.MeanCosine >= 0.5 ? "the same half-space but not the same direction"
            : "so no: mostly sampling noise";
        var reach = p.SmallestBatchReaching(0.9) is long b ? $"; the mean cosine first reaches 0.9 at B = {b:N0}" : "; no batch size measured reaches a mean cosine of 0.9";
        var gap = row.MeanCosine - row.PredictedCosine;
        var noise = p.Noise.Estimate;
        var scale = $"B_simple = {BatchLab.Text.NumberFormat.General.Format(p.NoiseScale)} ({IntervalText.Of(noise.NoiseScaleSpread)}{(noise.ExactGradient ? ", with the exact |G|² of this full gradient" : "")})";
        return $"At {p.Weights}, where {scale}, a gradient from 1/100 of the data (B = {hundredth:N0}) has mean cosine {row.MeanCosine:F3} "
            + $"with the full gradient (an angle of {angle:F0}°, spread {row.MinCosine:F3} to {row.MaxCosine:F3}), {verdict}; "
            + $"the noise scale predicts {row.PredictedCosine:F3} ({(Math.Abs(gap) < 0.02 ? "agreeing" : gap > 0 ? $"{gap:F3} below the measurement" : $"{-gap:F3} above the measurement")}){reach}.";
    }
}
