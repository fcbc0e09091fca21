using BatchLab.Studies;
using BatchLab.Studies.Analysis;

namespace BatchLab.Tests.Analysis;

public class SelectionBandTests
{
    [Fact]
    public void One_seed_gets_the_binomial_standard_error_of_the_validation_error_not_plus_minus_zero()
    {
        // 17% error on 500 validation samples: √(0.17 · 0.83 / 500) = 1.68 points.
        var one = SelectionBand.Of(0.17, 0.17, 0.17, validated: true, seeds: 1, samples: 500, errorRate: true);
        Assert.Equal(Math.Sqrt(0.17 * 0.83 / 500), one.Width, 12);
        Assert.Equal(0, one.SeedHalfRange);

        // Three seeds: the half-range and the standard error add in quadrature.
        var three = SelectionBand.Of(0.17, 0.16, 0.185, validated: true, seeds: 3, samples: 500, errorRate: true);
        Assert.Equal(Math.Sqrt((0.015 * 0.015) + (0.17 * 0.83 / 500)), three.Width, 12);

        // A loss has no binomial error: only the seed spread.
        Assert.Equal(0.015, SelectionBand.Of(0.17, 0.16, 0.185, true, 3, 500, errorRate: false).Width, 12);
    }

    [Fact]
    public void The_target_check_seed_is_one_no_trial_used() =>
        Assert.Equal((3L, 0L), (TargetCheck.FreshSeed([0, 2, 1]), TargetCheck.FreshSeed([])));
}
