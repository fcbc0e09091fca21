using System.Globalization;
using BatchLab.Reporting.Document;
using BatchLab.Studies;
using BatchLab.Studies.Analysis;
using BatchLab.Text;

namespace BatchLab.Reporting.Sections;

/// <summary>
/// Report section 9: the recommended B, M and η with the reason for each, and what K data-parallel
/// workers would give under the ring all-reduce cost model.
/// </summary>
public static class RecommendationSection
{
    public static ReportSection Build(Recommendation r, DataParallelProjection? projection, TargetCheck? check = null, TargetCheck? fastestCheck = null)
    {
        var rate = r.LearningRate is double lr ? $" and η = {NumberFormat.General.Format(lr)} per update" : "";
        var finding = string.Create(CultureInfo.InvariantCulture, $"Train with B = {r.Batch:N0}, M = {r.MicroBatch:N0}{rate}. ") + string.Join(" ", r.Reasons);
        if (r.TradeOff is { } t)
        {
            finding += " " + string.Join(" ", t.Lines(r.Target).Skip(1));
        }
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
            figures.Add(KeyFigure.Of("predicted time to target here", seconds, NumberFormat.Duration) with { Key = "expected_seconds_to_target" });
        }

        if (check?.MeasuredSeconds is double measured)
        {
            figures.Add(KeyFigure.Of("measured: a solo run to the target", measured, NumberFormat.Duration) with { Key = "measured_seconds_to_target" });
        }

        if (check is not null)
        {
            finding += " " + check.Finding;
        }

        if (fastestCheck is not null)
        {
            finding += " The fastest cell, offered for speed: " + fastestCheck.Finding;
        }

        var tables = new List<ReportTable>();
        var notes = new List<string>();
        if (projection is not null)
        {
            tables.Add(new ReportTable(
                new DataTable("data_parallel_projection", ["workers", "per_worker_batch", "compute_s", "all_reduce_s", "s_per_update", "speedup", "s_to_target", "flag"],
                    [.. projection.Rows.Select(p => (IReadOnlyList<object?>)[p.Workers, p.PerWorkerBatch, p.ComputeSeconds, p.CommunicationSeconds, p.SecondsPerUpdate, p.Speedup, p.SecondsToTarget, p.Flag])]),
                string.Create(CultureInfo.InvariantCulture, $"Projection for K data-parallel workers at B = {projection.Batch:N0}: each computes B/K samples, then a ring all-reduce of {projection.GradientBytes:N0} gradient bytes at {NumberFormat.General.Format(projection.BandwidthBytesPerSecond * 8 / 1e9)} Gbit/s plus {NumberFormat.General.Format(projection.LatencySeconds * 1e6)} µs"))
            {
                Formats = new Dictionary<string, NumberFormat> { ["speedup"] = NumberFormat.Fixed(2) },
            });
            notes.Add(DataParallelProjection.Caveat + " t(K) = t_compute(B/K) + 2(K−1)/K × gradient bytes / bandwidth + latency, with t_compute from the measured throughput curve.");
            if (projection.Note is { } note)
            {
                notes.Add(note);
            }
        }

        return new ReportSection("recommendation", "Recommendation", finding) { KeyFigures = figures, Tables = tables, Notes = notes };
    }
}
