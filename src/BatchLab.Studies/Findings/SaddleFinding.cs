using BatchLab.Saddle;
namespace BatchLab.Studies.Findings;

/// <summary>The one-paragraph finding of a <see cref="SaddleEscapeResult"/>, every clause computed from its numbers.</summary>
public static class SaddleFinding
{
    public static string Describe(SaddleEscapeResult r)
    {
        var clauses = new List<string> { Start(r) };
        clauses.AddRange(Sgd(r));
        clauses.AddRange(Exact(r));
        clauses.AddRange(Minimum(r));
        clauses.Add(Plane(r));
        return string.Join(" ", clauses.Where(c => c.Length > 0));
    }

    static string Start(SaddleEscapeResult r)
    {
        var (low, high) = (r.Checks.Min(s => s.MinHessianEigenvalue), r.Checks.Max(s => s.MinHessianEigenvalue));
        var negatives = r.Checks.Max(s => s.NegativeEigenvalues);
        return $"At the strict saddle (f = {r.Checks.Average(s => s.SaddleObjective):F6}, Riemannian gradient at most {Sci(r.Checks.Max(s => s.RiemannianGradientNorm))} in float64, "
            + $"most negative Hessian eigenvalue {Range(low, high, "F4")} against the closed form {OrthogonalTensor.SaddleCurvature:F0}, "
            + $"{Count(negatives, "negative direction")}; d = {r.Options.Dimension}, η = {r.Options.LearningRate:G3}, {r.Options.Seeds} seeds, budget {r.Options.StepBudget} steps):";
    }

    static IEnumerable<string> Sgd(SaddleEscapeResult r)
    {
        var sgd = r.Summaries.Where(s => s.Method == EscapeMethod.Sgd).OrderBy(s => s.Batch).ToList();
        if (sgd.Count == 0)
        {
            yield break;
        }

        var (first, last) = (sgd[0], sgd[^1]);
        var text = $"SGD left it in {sgd.Sum(s => s.Escaped)} of {sgd.Sum(s => s.Seeds)} runs, after {Median(first.MedianStepsToEscape)} at B = {first.Batch}";
        if (sgd.Count > 1)
        {
            text += $" and {Median(last.MedianStepsToEscape)} at B = {last.Batch}";
            text += r.StepsPerBatchDoubling is { } slope ? $" ({slope:+0.0;-0.0} steps per doubling of B by least squares)" : "";
        }

        yield return text + ".";
        var (norm, along) = (r.Checks.Min(s => s.SaddleSampleGradientNorm), r.Checks.Max(s => s.SaddleSampleGradientAlongEscape));
        var indirect = along <= 1e-9 * norm;
        var estimate = sgd.Count < 2 ? "."
            : indirect
                ? $"; such a push scales like 1/B, which in the linear regime adds {r.Theory.StepsPerDoublingIndirect:F1} steps per doubling of B (a push like 1/√B would add {r.Theory.StepsPerDoublingDirect:F1})."
                : $"; such a push scales like 1/√B, which in the linear regime adds {r.Theory.StepsPerDoublingDirect:F1} steps per doubling of B.";
        yield return $"Single-sample gradients at the saddle have RMS norm {norm:G3} or more but a component along the escape direction of at most {Sci(along)}"
            + (indirect ? ": the noise reaches that direction only through the curvature it meets off the saddle" : ", so the noise pushes along it directly")
            + estimate;
    }

    static IEnumerable<string> Exact(SaddleEscapeResult r)
    {
        var gd = r.Summaries.Single(s => s.Method == EscapeMethod.Gd && s.StartOffset == 0);
        var seeds = gd.Seeds;
        var gradient = r.Checks.Max(s => s.RiemannianGradientNorm);
        var frozen = $"its iterate moved at rounding level for at most {gd.MaxFixedPointStep} steps and then stopped changing bit for bit, a fixed point of the float64 update "
            + $"(η·|grad_R| was {Sci(r.Options.LearningRate * gradient)} at the start, below the float64 spacing {Sci(Math.BitIncrement(1.0) - 1.0)} of numbers near 1)";
        if (gd.Escaped == 0 && gd.FixedPoints == seeds)
        {
            yield return $"Exact GD from the float64 saddle never left it in {r.Options.StepBudget} steps: {frozen}, so the rounding error never grew along the negative-curvature direction.";
        }
        else if (gd.Escaped == 0)
        {
            yield return $"Exact GD from the float64 saddle never left it in {r.Options.StepBudget} steps; in {gd.FixedPoints} of {seeds} seeds {frozen}, in the others it was still drifting at rounding level when the budget ran out.";
        }
        else
        {
            yield return $"Exact GD from the float64 saddle (gradient of rounding size, at most {Sci(gradient)}) escaped in {gd.Escaped} of {seeds} seeds, after {Range(gd.MinStepsToEscape!.Value, gd.MaxStepsToEscape!.Value, "F0")} steps: "
                + "there rounding error grew along the negative-curvature direction"
                + (gd.FixedPoints > 0 ? $"; in {gd.FixedPoints} of {seeds} seeds {frozen}" : "") + ".";
        }

        if (r.Summaries.SingleOrDefault(s => s.Method == EscapeMethod.Gd && s.StartOffset > 0) is { } offset)
        {
            var predicted = r.Theory.OffsetEscapeSteps is { } p ? $" (predicted {p:F0} from the growth factor {r.Theory.GrowthPerStep:G4} per step)" : "";
            yield return offset.Escaped == seeds
                ? $"Displaced by {EscapeLabels.Offset(offset.StartOffset)} along that direction, GD escaped after {Range(offset.MinStepsToEscape!.Value, offset.MaxStepsToEscape!.Value, "F0")} steps{predicted}."
                : $"Displaced by {EscapeLabels.Offset(offset.StartOffset)} along that direction, GD escaped in {offset.Escaped} of {seeds} seeds within the budget{predicted}.";
        }

        var pgd = r.Summaries.Single(s => s.Method == EscapeMethod.PerturbedGd);
        var perturbations = r.Runs.Where(x => x.Method == EscapeMethod.PerturbedGd).Select(x => x.Perturbations).ToList();
        yield return $"Perturbed GD (ball radius {r.Options.Perturbation.Radius:G3} when |grad| ≤ {r.Options.Perturbation.GradientThreshold:G3}) escaped in {pgd.Escaped} of {pgd.Seeds} seeds, "
            + $"after {Median(pgd.MedianStepsToEscape)}, with {Range(perturbations.Min(), perturbations.Max(), "F0")} {(perturbations.Max() == 1 ? "perturbation" : "perturbations")} per run.";
    }

    static IEnumerable<string> Minimum(SaddleEscapeResult r)
    {
        var sgd = r.Summaries.Where(s => s.Method == EscapeMethod.Sgd).OrderBy(s => s.Batch).ToList();
        if (sgd.Count == 0)
        {
            yield break;
        }

        var (smallest, largest) = (sgd[0], sgd[^1]);
        var allFrom = sgd.Where((s, i) => sgd.Skip(i).All(x => x.ReachedMinimum == x.Seeds)).FirstOrDefault();
        var text = $"SGD reached f ≤ {r.Options.MinimumTolerance:G3} in {largest.ReachedMinimum} of {largest.Seeds} seeds at B = {largest.Batch}"
            + (largest.MedianStepsToMinimum is { } m ? $" (median {m:F0} steps)" : "")
            + (allFrom is null ? "; no batch size got there in every seed"
                : allFrom == smallest ? "; every batch size got there in every seed"
                : $"; every seed got there for B ≥ {allFrom.Batch}");
        if (smallest.ReachedMinimum < smallest.Seeds)
        {
            var worst = r.Runs.Where(x => x.Method == EscapeMethod.Sgd && x.Batch == smallest.Batch).Max(x => x.FinalObjective);
            text += $". At B = {smallest.Batch} {(smallest.ReachedMinimum == 0 ? "none" : $"only {smallest.ReachedMinimum}")} of {smallest.Seeds} did (final f up to {worst:G3}): "
                + $"single-sample gradients at the global minimum still have RMS norm {r.Checks.Min(s => s.MinimumSampleGradientNorm):G3} (f there: {r.Checks.Max(s => Math.Abs(s.MinimumObjective)):G3}), "
                + "and at a constant step that noise keeps small batches away from it";
        }

        yield return text + ".";
    }

    static string Plane(SaddleEscapeResult r)
    {
        var atSaddle = r.Plane.First(p => p.Method == EscapeMethod.Gd && p.StartX == 0 && p.StartY == 0);
        var onAxis = r.Plane.First(p => p.Method == EscapeMethod.Gd && p != atSaddle);
        var noisy = r.Plane.Where(p => p.Method == EscapeMethod.Sgd).ToList();
        var perturbed = r.Plane.Where(p => p.Method == EscapeMethod.PerturbedGd).ToList();
        return $"In the 2-D problem f = x² − y² + y⁴/4, GD started exactly at the saddle (gradient {atSaddle.StartGradientNorm:G3} in float64) ended at ({atSaddle.FinalX:G3}, {atSaddle.FinalY:G3}) after {r.Options.Plane.Steps} steps, "
            + $"and GD from ({onAxis.StartX:G3}, 0) ended at ({onAxis.FinalX:G3}, {onAxis.FinalY:G3}) with f = {onAxis.FinalObjective:G3}; "
            + $"noisy GD (σ = {r.Options.Plane.NoiseStd:G3}) escaped in {noisy.Count(p => p.Escaped)} of {noisy.Count} seeds and reached a minimum in {noisy.Count(p => p.StepsToMinimum is not null)}, "
            + $"perturbed GD in {perturbed.Count(p => p.Escaped)} and {perturbed.Count(p => p.StepsToMinimum is not null)} of {perturbed.Count}.";
    }

    static string Sci(double value) => value.ToString("0.0e+0");

    static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    static string Median(double? steps) => steps is { } m ? $"a median of {m:F0} steps" : "no median (half the seeds or more never did)";

    static string Range(double low, double high, string format) =>
        low.ToString(format) == high.ToString(format) ? low.ToString(format) : $"{low.ToString(format)} to {high.ToString(format)}";
}
