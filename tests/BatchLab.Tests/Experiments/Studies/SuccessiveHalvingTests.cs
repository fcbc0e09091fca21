using BatchLab.Runs;
using BatchLab.Studies.Budgeted;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>The budgeted study's pure rules against hand-worked answers: promotion, the search beyond the edge, who competes, the rung fractions.</summary>
public sealed class SuccessiveHalvingTests
{
    static RungEntry E(double rate, double score, bool failed = false) => new(rate, score, failed);

    [Fact]
    public void A_rung_promotes_the_best_third_on_validation_and_never_a_failed_rate()
    {
        IReadOnlyList<RungEntry> five = [E(1, 0.30), E(2, 0.10), E(4, 0.05), E(8, 0.07), E(16, double.NaN, failed: true)];

        Assert.Equal([4.0, 8.0], SuccessiveHalving.Promote(five, eta: 3)); // ⌈5/3⌉ = 2, best first
        Assert.Equal([4.0], SuccessiveHalving.Promote(five, eta: 9)); // at least one
        Assert.Equal([2.0], SuccessiveHalving.Promote([E(2, 0.1), E(4, 0.1)], eta: 3)); // a tie goes to the smaller rate
        Assert.Empty(SuccessiveHalving.Promote([E(1, 0.01, failed: true), E(2, double.NaN, failed: true)], eta: 3));
        Assert.Equal([1.0], SuccessiveHalving.Promote([E(1, 0.2), E(2, 0.01, failed: true), E(4, 0.3)], eta: 3)); // a failed rate's score does not count
    }

    [Fact]
    public void The_search_goes_one_grid_step_beyond_the_edge_where_the_best_rate_sits_and_stops_when_bracketed()
    {
        Assert.Equal(0.5, SuccessiveHalving.Extend([E(1, 0.05), E(2, 0.07), E(4, 0.09)], ratio: 2));
        Assert.Equal(8.0, SuccessiveHalving.Extend([E(1, 0.09), E(2, 0.07), E(4, 0.05)], ratio: 2));
        Assert.Null(SuccessiveHalving.Extend([E(1, 0.09), E(2, 0.05), E(4, 0.07)], ratio: 2));
        Assert.Null(SuccessiveHalving.Extend([E(1, 0.09), E(2, 0.05), E(4, double.NaN, failed: true)], ratio: 2)); // a failed neighbour brackets
        Assert.Equal(0.25, SuccessiveHalving.Extend([E(1, double.NaN, true), E(2, double.NaN, true)], ratio: 4)); // all failed: smaller
    }

    [Fact]
    public void A_batch_size_competes_only_when_its_own_trend_can_reach_the_best_and_the_others_stop_at_the_target()
    {
        // Best last score 0.03 on 1,000 validation samples: 2 standard errors = 0.0108.
        var byBatch = new Dictionary<long, (double Before, double Last)>
        {
            [8] = (0.06, 0.03),     // the best
            [128] = (0.08, 0.05),   // 0.05 − 3 × 0.03 = −0.04 ≤ 0.041: competes
            [512] = (0.11, 0.10),   // 0.10 − 3 × 0.01 = 0.07 > 0.041: only to the target
            [2048] = (0.20, 0.039), // within 2 standard errors already
            [4096] = (double.NaN, double.NaN), // failed
        };

        var competing = SuccessiveHalving.Competing(byBatch, remaining: 3, validationSamples: 1000);

        Assert.Equal([8L, 128L, 2048L], competing.Order());
        Assert.Equal([8L, 128L, 512L, 2048L], SuccessiveHalving.Competing(byBatch, remaining: 10, validationSamples: 1000).Order()); // 0.10 − 10 × 0.01 = 0
    }

    [Fact]
    public void Rungs_are_powers_of_eta_ending_at_the_full_budget_and_the_budget_axis_scales_every_limit()
    {
        Assert.Equal([1.0 / 9, 1.0 / 3, 1.0], SuccessiveHalving.Fractions(3, 3));
        var spec = new RunSpec("mnist", BatchLab.Data.DataOptions.Default, "mlp:8", new TrainOptions
        {
            Budget = new Budget(Epochs: 3, Updates: 90),
            Target = new Target("val_error", 0.05, Stop: false),
        });

        var rung = GridPoint.Of([KeyValuePair.Create("budget", GridValue.Of(1.0 / 3)), KeyValuePair.Create("stop_at_target", GridValue.Of("yes"))]).Apply(spec);

        Assert.Equal(1.0, rung.Train.Budget.Epochs!.Value, 12);
        Assert.Equal(30L, rung.Train.Budget.Updates);
        Assert.True(rung.Train.Target!.Stop);
    }
}
