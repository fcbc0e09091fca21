using System.Globalization;
using BatchLab.Reporting.Document;
using BatchLab.Studies.Analysis;
using BatchLab.Text;

namespace BatchLab.Reporting.Sections;

/// <summary>
/// Report section 9: the recommended B, M and η with the reason for each, and what K data-parallel
/// workers would give under the ring all-reduce cost model.
/// </summary>
public static class RecommendationSection
{
    public static ReportSection Build(Recommendation r, DataParallelProjection? projection)
    {
        var rate = r.LearningRate is double lr ? $" and η = {NumberFormat.General.Format(lr)} per update" : "";
        var finding = string.Create(CultureInfo.InvariantCulture, $"Train with B = {r.Batch:N0}, M = {r.MicroBatch:N0}{rate}. ") + string.Join(" ", r.Reasons);
        var figures = new List<KeyFigure>
        {
            new("batch B", r.Batch.ToString("N0", CultureInfo.InvariantCulture), r.Batch) { Key = "batch" },
            new("micro-batch M", r.MicroBatch.ToString("N0", CultureInfo.InvariantCulture), r.MicroBatch) { Key = "micro_batch" },
        };
        if (r.LearningRate is double eta)
        {
            figures.Add(KeyFigure.Of("learning rate η", eta, NumberFormat.Significant(3)) with { Key = "learning_rate" });
        }

        if (r.ExpectedSecondsToTarget is double seconds)
        {
            figures.Add(KeyFigure.Of("expected time to target here", seconds, NumberFormat.Duration) with { Key = "expected_seconds_to_target" });
        }

        var tables = new List<ReportTable>();
        var notes = new List<string>();
        if (projection is not null)
        {
            tables.Add(new ReportTable(
                new DataTable("data_parallel_projection", ["workers", "per_worker_batch", "compute_s", "all_reduce_s", "s_per_update", "speedup", "s_to_target"],
                    [.. projection.Rows.Select(p => (IReadOnlyList<object?>)[p.Workers, p.PerWorkerBatch, p.ComputeSeconds, p.CommunicationSeconds, p.SecondsPerUpdate, p.Speedup, ToTarget(r, p)])]),
                string.Create(CultureInfo.InvariantCulture, $"Projection for K data-parallel workers at B = {projection.Batch:N0}: each computes B/K samples, then a ring all-reduce of {projection.GradientBytes:N0} gradient bytes at {NumberFormat.General.Format(projection.BandwidthBytesPerSecond * 8 / 1e9)} Gbit/s plus {NumberFormat.General.Format(projection.LatencySeconds * 1e6)} µs")
                + (r.ExpectedSecondsToTarget is null ? "" : "; s_to_target is the measured time to the target here (K = 1) divided by the speed-up"))
            {
                Formats = new Dictionary<string, NumberFormat> { ["speedup"] = NumberFormat.Fixed(2) },
            });
            notes.Add(DataParallelProjection.Caveat + " t(K) = t_compute(B/K) + 2(K−1)/K × gradient bytes / bandwidth + latency, with t_compute from the measured throughput curve.");
        }

        return new ReportSection("recommendation", "Recommendation", finding) { KeyFigures = figures, Tables = tables, Notes = notes };
    }

    /// <summary>
    /// Time to the target with K workers. The card shows the time measured in the trials; the cost
    /// model's own K = 1 time comes from the throughput benchmark and differs from it, so the
    /// table scales the measured time by the modelled speed-up: K = 1 then reads as the card does.
    /// </summary>
    static double? ToTarget(Recommendation r, ProjectionRow row) =>
        r.ExpectedSecondsToTarget is double measured ? measured / row.Speedup : row.SecondsToTarget;
}
