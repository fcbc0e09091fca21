using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Noise;
using BatchLab.Text;

namespace BatchLab.Studies;

/// <summary>One B_simple reading of the trained solution: how it was taken, its value and 90% interval, and whether it is valid (why not, when not).</summary>
public sealed record NoiseReading(string Method, double Value, double Low, double High, bool Valid, string? Why)
{
    /// <summary>The reading whose gradient draws this one reuses (then it is the same measurement read again, not a replication); null when its draws are its own.</summary>
    public string? SameDrawsAs { get; init; }
}

/// <summary>
/// The noise-scale readings a study takes of its best solution, side by side: the noise
/// diagnostic with |G|² computed exactly, the same draws without it, the gradient-agreement
/// measurement (also with its exact |G|²), and the tracker at the end of the retrained run. One of
/// them is the study's B_simple (<see cref="Valid"/>); the finding says whether the others agree
/// with it within their intervals, and which are not valid and why. Only readings with their own
/// draws are replications: the draws-only fit reuses the diagnostic's draws, and an agreement
/// measured with the diagnostic's seed draws the same gradients (values bit-identical at the same
/// weights), so those are said to be one reading, never "agreeing".
/// </summary>
public sealed record NoiseReconciliation(IReadOnlyList<NoiseReading> Readings, NoiseReading? Valid, string Finding)
{
    static string N(double v) => NumberFormat.General.Format(v);

    static string Interval(NoiseReading r) => Findings.IntervalText.Of(r.Low, r.High);

    /// <summary>Null when the study measured no B_simple of a trained solution.</summary>
    /// <param name="agreementSeed">The seed the agreement drew its gradients with; the noise diagnostic's seed (or null) means the same draws.</param>
    public static NoiseReconciliation? Of(NoiseScaleResult? trained, AgreementPoint? agreement, NoiseOverTrainingResult? tracked, long? agreementSeed = null)
    {
        const string diagnostic = "noise diagnostic";
        var readings = new List<NoiseReading>();
        if (trained is not null)
        {
            readings.Add(FromEstimate($"noise diagnostic ({Method(trained.Measurement, trained.Options.Draws)})", trained.Measurement.Estimate));
            if (trained.Measurement.FromDraws is { } draws)
            {
                readings.Add(FromEstimate($"draws alone, without the exact |G|² ({(draws.Batches.Count == 2 ? "two-batch estimate" : "least-squares fit")} over B = {string.Join(", ", draws.Batches)})", draws) with { SameDrawsAs = diagnostic });
            }
        }

        if (agreement is not null)
        {
            var population = agreement.Noise.Population;
            var shared = trained is not null && (agreementSeed ?? trained.Options.Seed) == trained.Options.Seed;
            var reading = FromEstimate($"gradient agreement ({Method(agreement.Noise, null)}{(shared ? "" : $", its own draws with seed {agreementSeed}")})", agreement.Noise.Estimate)
                with
            { SameDrawsAs = shared ? diagnostic : null };
            readings.Add(trained is not null && population != trained.TrainSize
                ? reading with { Valid = false, Why = $"it is measured over a subset of {population:N0} of the {trained.TrainSize:N0} training samples, a different population and so a different quantity" }
                : reading);
        }

        if (tracked is not null && tracked.Points.Concat(tracked.NotMeasurable).MaxBy(p => p.Update) is { } last)
        {
            var method = $"tracker at B = {tracked.Batch:N0}, smoothed over the last updates of the retrained run";
            readings.Add(double.IsFinite(last.NoiseScale)
                ? new NoiseReading(method, last.NoiseScale, last.Low, last.High, tracked.NotAReplay is null, tracked.NotAReplay)
                : new NoiseReading(method, double.NaN, last.LowerBound, double.PositiveInfinity, false,
                    $"not measurable at B = {tracked.Batch:N0}: |G|² is not resolved above its noise (B ≲ B_simple); B_simple ≥ {N(last.LowerBound)}"));
        }

        if (readings.Count == 0)
        {
            return null;
        }

        var valid = readings.FirstOrDefault(r => r.Valid && double.IsFinite(r.Value));
        return new NoiseReconciliation(readings, valid, Describe(readings, valid));
    }

    static string Method(NoiseScaleMeasurement m, int? draws) => m.Estimate.ExactGradient
        ? $"|G|² exact over N = {m.Population:N0}, tr Σ from {(draws is int d ? $"{d} draws at " : "draws at ")}B = {string.Join(", ", m.Estimate.Batches)}"
        : $"draws at B = {string.Join(", ", m.Estimate.Batches)}, |G|² estimated";

    static NoiseReading FromEstimate(string method, SizesEstimate e)
    {
        var resolved = e.ExactGradient || (e.GradientSquaredNormSpread.Low > 0 && double.IsFinite(e.NoiseScale));
        return new NoiseReading(method, e.NoiseScale, e.NoiseScaleSpread.Low, e.NoiseScaleSpread.High, resolved,
            resolved ? null : $"|G|² is not resolved above the sampling noise by these sizes (its 90% interval reaches {N(e.GradientSquaredNormSpread.Low)}): the ratio is not a measurement when the sizes are below B_simple");
    }

    static string Describe(IReadOnlyList<NoiseReading> readings, NoiseReading? valid)
    {
        if (valid is null)
        {
            return "No reading of the trained solution's noise scale is valid: " + string.Join("; ", readings.Select(r => $"{r.Method}: {r.Why}")) + ".";
        }

        var parts = new List<string> { $"The trained solution's B_simple is {N(valid.Value)} ({Interval(valid)}), from the {valid.Method}." };
        foreach (var r in readings.Where(r => !ReferenceEquals(r, valid)))
        {
            var value = double.IsFinite(r.Value) ? $"{N(r.Value)} ({Interval(r)})" : "no value";
            if (!r.Valid)
            {
                parts.Add($"The {r.Method} reads {value}, which is not valid: {r.Why}.");
                continue;
            }

            var overlap = double.IsFinite(r.Low) && r.Low <= valid.High && r.High >= valid.Low;
            if (r.SameDrawsAs is { } same)
            {
                parts.Add($"The {r.Method} reads {value}: it reuses the {same}'s gradient draws, so it is the same measurement read {(r.Method.StartsWith("draws alone", StringComparison.Ordinal) ? "another way" : "again")}, not a replication{(overlap ? "" : ", and its interval does not even overlap")}.");
                continue;
            }

            parts.Add(overlap
                ? $"The {r.Method} reads {value}: an independent replication (its own draws{(r.Method.Contains("exact", StringComparison.Ordinal) ? "; the exact |G|² of the same weights is the same number, so it replicates tr Σ" : "")}), agreeing within the intervals."
                : $"The {r.Method} reads {value}: an independent replication whose interval does not overlap, so one of the two is off by more than its stated uncertainty (draws too few for the interval, or weights not the same).");
        }

        return string.Join(" ", parts);
    }
}
