namespace BatchLab.Training;

/// <summary>
/// Evaluations on fewer samples where nothing is decided. Each scheduled evaluation during
/// training first evaluates the first <see cref="Samples"/> samples of every split (the screen);
/// a split's value is kept from the screen only when no decision could turn on it, and the rest of
/// the split is evaluated otherwise. The rule, per run and split:
/// <list type="bullet">
/// <item>the evaluation before the first update and the one at the end of the run are always full,
/// so start and final values are the whole split's;</item>
/// <item>the target's split is full until the target is met, so the update where it is met and
/// the evaluation before it (the interpolation's anchor) are whole-split values: steps to the
/// target mean what they meant without a screen;</item>
/// <item>the training split is full while pruning is due, unless the screen's value is more than
/// <see cref="Sigmas"/> standard errors on the side of the threshold that lets the run go on
/// (a screen that would prune is never trusted: the run then ends on the full value);</item>
/// <item>every other split, and every split once the target is met, keeps the screen's value.</item>
/// </list>
/// A screened value is an unbiased estimate of the split's from its first samples; the best
/// values (<see cref="TrainCounters.Best"/>) are taken over whole-split values only.
/// Cost: the screen instead of the split, for every split where the rule allows it.
/// </summary>
/// <param name="Samples">Samples of each split in the screen.</param>
/// <param name="Sigmas">How many standard errors from a threshold a screened value must lie to be trusted.</param>
public sealed record EvalScreen(long Samples = 1000, double Sigmas = 4)
{
    /// <summary>The presets' screen: 1,000 samples, 4 standard errors (a normal tail of 3·10⁻⁵ per decision).</summary>
    public static EvalScreen Default { get; } = new();

    public void Validate()
    {
        if (Samples < 2 || !(Sigmas >= 0 && double.IsFinite(Sigmas)))
        {
            throw new BatchLabException($"an evaluation screen needs at least 2 samples and a finite number of standard errors ≥ 0, got {Samples} and {Sigmas}");
        }
    }

    /// <summary>Whether <paramref name="sums"/> place <paramref name="metric"/> (an *_error or *_loss) more than <see cref="Sigmas"/> standard errors below <paramref name="threshold"/>.</summary>
    public bool ClearlyBelow(SplitSums sums, string metric, double threshold)
    {
        var (value, error) = metric.EndsWith("_error", StringComparison.Ordinal)
            ? (sums.Error, sums.ErrorStandardError)
            : (sums.Loss, sums.LossStandardError);
        return double.IsFinite(value) && threshold - value > Sigmas * error;
    }
}
