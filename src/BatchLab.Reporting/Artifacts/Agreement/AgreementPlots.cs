using BatchLab.Diagnostics.Agreement;
using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Agreement;

/// <summary>
/// The figure of an <see cref="AgreementResult"/>: mean cosine against B (± one standard
/// deviation over draws) for each set of weights, each with its prediction 1/√(1 + B_simple·w(B))
/// dashed, and a marker at B = N/100.
/// </summary>
static class AgreementPlots
{
    public static IReadOnlyList<PlotSpec> Build(AgreementResult result)
    {
        var series = new List<Series>();
        foreach (var point in result.Points)
        {
            var x = point.Rows.Select(r => (double)r.Batch).ToList();
            series.Add(new Series($"{point.Weights}: measured (± s.d.)", x, [.. point.Rows.Select(r => r.MeanCosine)], SeriesStyle.LineAndMarkers,
                Low: [.. point.Rows.Select(r => r.MeanCosine - r.StdCosine)], High: [.. point.Rows.Select(r => r.MeanCosine + r.StdCosine)]));
            series.Add(new Series($"{point.Weights}: predicted, B_simple = {NumberFormat.General.Format(point.NoiseScale)}", x, [.. point.Rows.Select(r => r.PredictedCosine)], SeriesStyle.Dashed));
        }

        var population = result.WholeTrainingSet ? $"N = {result.Population:N0}, all training samples" : $"N = {result.Population:N0} of {result.TrainSize:N0} training samples";
        var lowest = result.Points.SelectMany(p => p.Rows).Min(r => r.MeanCosine - r.StdCosine);
        return
        [
            new PlotSpec(
                "agreement_cosine_vs_batch",
                $"Mini-batch vs full-data gradient, {result.Model} ({population})",
                new Axis("batch size B", AxisScale.Log2),
                new Axis("cos(g_B, G)", Min: Math.Min(0, Math.Floor(lowest * 10) / 10), Max: 1),
                series,
                [new Marker(result.HundredthBatch, $"B = N/100 = {result.HundredthBatch:N0}")]),
        ];
    }
}
