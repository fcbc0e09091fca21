namespace BatchLab.Training;

/// <summary>
/// What one model's evaluation over some samples of a split adds up to: the sample count, Σ and
/// Σ² of the per-sample losses (float64) and the misclassified count. Sums over disjoint sample
/// ranges add, so a screen's sums plus the rest's are the whole split's (up to the order of
/// float64 additions). Enough for the mean loss, the error rate and their standard errors.
/// </summary>
public readonly record struct SplitSums(long Count, double LossSum, double LossSquares, long Errors)
{
    public SplitSums Add(SplitSums other) =>
        new(Count + other.Count, LossSum + other.LossSum, LossSquares + other.LossSquares, Errors + other.Errors);

    public double Loss => Count == 0 ? double.NaN : LossSum / Count;

    public double Error => Count == 0 ? double.NaN : (double)Errors / Count;

    /// <summary>Standard error of <see cref="Loss"/> as an estimate of the whole split's: the samples' standard deviation / √n.</summary>
    public double LossStandardError => Count < 2 ? double.PositiveInfinity
        : Math.Sqrt(Math.Max(0, (LossSquares - (LossSum * LossSum / Count)) / (Count - 1)) / Count);

    /// <summary>
    /// Standard error of <see cref="Error"/>, binomial with the Agresti–Coull estimate
    /// p̃ = (errors + 2)/(n + 4), so that a screen without a single error still has a width.
    /// </summary>
    public double ErrorStandardError
    {
        get
        {
            if (Count == 0)
            {
                return double.PositiveInfinity;
            }

            var p = (Errors + 2.0) / (Count + 4.0);
            return Math.Sqrt(p * (1 - p) / Count);
        }
    }
}
