using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Memory;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Reporting.Document;
using BatchLab.Saddle;
using BatchLab.Studies;
using BatchLab.Studies.Findings;
using BatchLab.Text;

namespace BatchLab.Reporting.Sections;

/// <summary>Report sections 4–8: the diagnostics, each with its own computed finding.</summary>
public static class DiagnosticSections
{
    public static ReportSection Throughput(ThroughputResult? t) => t is null
        ? StudySections.Skipped("throughput", "Hardware throughput vs batch size", "the preset does not time the hardware")
        : new ReportSection("throughput", "Hardware throughput vs batch size", ResultFindings.Of(t))
        {
            KeyFigures =
            [
                new KeyFigure("knee (80% of best samples/s)", $"B = {t.Knee.Batch:N0}", t.Knee.Batch),
                KeyFigure.Of("best samples/s", t.Knee.BestSamplesPerSecond, NumberFormat.Integer),
                KeyFigure.Of("best fraction of the matmul ceiling", t.Rows.Max(r => r.FractionOfCeiling), NumberFormat.Percent(0)),
            ],
            Figures = [.. SectionParts.Figures(t)],
            Tables = [.. SectionParts.Tables(t)],
        };

    public static ReportSection Noise(NoiseScaleResult? atInit, NoiseScaleResult? trained, NoiseOverTrainingResult? over, AgreementResult? agreement, NoiseReconciliation? readings = null)
    {
        if (atInit is null && agreement is null)
        {
            return StudySections.Skipped("noise", "Gradient noise scale and gradient agreement", "the preset does not measure gradient noise");
        }

        var figures = new List<KeyFigure>();
        if (atInit is not null)
        {
            figures.Add(KeyFigure.Of("B_simple at initialisation", atInit.Estimate.NoiseScale, NumberFormat.Significant(3), "samples") with { Key = "b_simple_init" });
        }

        if (readings?.Valid is { } valid)
        {
            figures.Add(KeyFigure.Of("B_simple trained", valid.Value, NumberFormat.Significant(3), "samples"));
        }
        else if (trained is not null)
        {
            figures.Add(KeyFigure.Of("B_simple at the lowest-validation-error trial", trained.Estimate.NoiseScale, NumberFormat.Significant(3), "samples") with { Key = "b_simple_trained" });
        }

        if (agreement is not null)
        {
            for (var i = 0; i < agreement.Points.Count; i++)
            {
                if (agreement.CosineAtHundredth[i] is double c)
                {
                    figures.Add(KeyFigure.Of($"cos(g_B, g) at B = N/100, {agreement.Points[i].Weights}", c, NumberFormat.Fixed(3)));
                }
            }
        }

        ReportTable[] readingsTable = readings is null ? [] :
        [
            new ReportTable(new DataTable("noise_scale_readings", ["reading", "noise_scale", "p05", "p95", "valid", "same_draws_as", "why_not"],
                [.. readings.Readings.Select(r => (IReadOnlyList<object?>)[r.Method, r.Value, r.Low, r.High, r.Valid, r.SameDrawsAs, r.Why])]), "Every B_simple reading of the trained solution, side by side (same_draws_as: a reading that reuses another's gradient draws, so not a replication of it)"),
        ];
        return new ReportSection("noise", "Gradient noise scale and gradient agreement", SectionParts.Join(readings?.Finding, atInit is null ? null : ResultFindings.Of(atInit), trained is null ? null : ResultFindings.Of(trained), over?.Finding, agreement is null ? null : ResultFindings.Of(agreement)))
        {
            KeyFigures = figures,
            Figures = [.. SectionParts.Figures(atInit, "init_"), .. SectionParts.Figures(trained, "trained_"), .. SectionParts.Figures(over), .. SectionParts.Figures(agreement)],
            Tables = [.. readingsTable, .. SectionParts.Tables(atInit, "init_", "at initialisation"), .. SectionParts.Tables(trained, "trained_", "at the trained solution"), .. SectionParts.Tables(over), .. SectionParts.Tables(agreement)],
        };
    }

    public static ReportSection Sharpness(SharpnessResult? small, SharpnessResult? large, string? comparison = null)
    {
        if (small is null)
        {
            return StudySections.Skipped("sharpness", "Sharpness of the solutions vs batch size", "no solution was available or the preset does not measure sharpness");
        }

        var figures = new List<KeyFigure>();
        foreach (var r in new[] { small, large }.OfType<SharpnessResult>())
        {
            if (r.Lanczos?.Eigenvalues is { Count: > 0 } eig)
            {
                figures.Add(KeyFigure.Of($"top Hessian eigenvalue, {r.Solution}", eig[0], NumberFormat.Significant(4)));
            }
        }

        return new ReportSection("sharpness", "Sharpness of the solutions vs batch size", SectionParts.Join(comparison, ResultFindings.Of(small), large is null ? null : ResultFindings.Of(large)))
        {
            KeyFigures = figures,
            Figures = [.. SectionParts.Figures(small, "small_"), .. SectionParts.Figures(large, "large_")],
            Tables = [.. SectionParts.Tables(small, "small_", "smallest-batch solution"), .. SectionParts.Tables(large, "large_", "largest-batch solution")],
        };
    }

    public static ReportSection Memory(MemoryResult? m) => m is null
        ? StudySections.Skipped("memory", "Memory per sample and the largest micro-batch", "the preset does not model memory")
        : new ReportSection("memory", "Memory per sample and the largest micro-batch", ResultFindings.Of(m))
        {
            KeyFigures = m.LimitSearch is { } b ? MemoryFigures(m, b) : [],
            Figures = [.. SectionParts.Figures(m)],
            Tables = [.. SectionParts.Tables(m)],
        };

    /// <summary>
    /// The largest M under the limit as the recommendation uses it (<see cref="StudyAnalysis.MaxMicroBatch"/>),
    /// and apart from it what the probes measured: a search that stopped at its cap confirms only that far.
    /// </summary>
    static IReadOnlyList<KeyFigure> MemoryFigures(MemoryResult m, LimitSearchResult b)
    {
        var fits = StudyAnalysis.MaxMicroBatch(m, b.Limit) ?? b.ModelMicroBatch;
        var figures = new List<KeyFigure>
        {
            new($"largest micro-batch M under {ByteSize.Format(b.Limit)}", $"{fits:N0}", fits) { Key = "max_micro_batch" },
        };
        if (b.Confirmed is { } confirmed)
        {
            figures.Add(new KeyFigure(b.ReachedCap ? "measured to fit, up to the search's cap" : "confirmed by measurement", $"{confirmed:N0}", confirmed) { Key = "confirmed_micro_batch" });
        }

        return figures;
    }

    public static ReportSection Saddle(SaddleEscapeResult? s) => s is null
        ? StudySections.Skipped("saddle", "Escape from saddle points", "the preset does not run the saddle experiment")
        : new ReportSection("saddle", "Escape from saddle points", ResultFindings.Of(s))
        {
            Figures = [.. SectionParts.Figures(s)],
            Tables = [.. SectionParts.Tables(s)],
            Notes = ["Orthogonal tensor decomposition as in Ge, Huang, Jin and Yuan (2015), started at a strict saddle; a problem of its own, independent of the study's model."],
            FoldedBecause = "a problem of its own (Ge et al. 2015), the same whatever the study's model and data",
        };
}
