using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Gradients;
using BatchLab.Diagnostics.Noise;
using BatchLab.Studies;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>
/// The readings of one solution's B_simple are compared only when they are independent: a reading
/// that reuses the noise diagnostic's draws is one measurement read again, never "agreeing".
/// </summary>
public class NoiseReconciliationTests
{
    const long N = 55_000;

    static SizesEstimate Estimate(double scale, double low, double high, bool exact = true, double gLow = 1) =>
        new([8, 64, 512], 1, scale, scale, new Spread(0, gLow, 1), new Spread(0, scale, scale), new Spread(1, low, high)) { ExactGradient = exact };

    static NoiseScaleResult Diagnostic(SizesEstimate headline, SizesEstimate? draws = null) =>
        new(new DiagnosedModel("mnist", "mlp", "best"), N, 1000, new NoiseScaleOptions { Seed = 0 },
            new NoiseScaleMeasurement(N, [], [], headline) { FromDraws = draws }, 1);

    static AgreementPoint Agreement(SizesEstimate e, long population = N) => new("best", 1, new NoiseScaleMeasurement(population, [], [], e), []);

    [Fact]
    public void An_agreement_with_the_diagnostics_seed_is_one_reading_not_a_replication()
    {
        var r = NoiseReconciliation.Of(Diagnostic(Estimate(1503, 1246, 1680)), Agreement(Estimate(1503, 1246, 1680)), null, agreementSeed: 0)!;

        Assert.Equal("noise diagnostic", r.Readings[1].SameDrawsAs);
        Assert.Contains("not a replication", r.Finding, StringComparison.Ordinal);
        Assert.DoesNotContain("agreeing", r.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agreement_with_its_own_draws_is_a_replication_and_agrees_only_when_the_intervals_overlap()
    {
        var agrees = NoiseReconciliation.Of(Diagnostic(Estimate(1503, 1246, 1680)), Agreement(Estimate(1481, 1262, 1700)), null, agreementSeed: 1)!;
        var differs = NoiseReconciliation.Of(Diagnostic(Estimate(1503, 1246, 1680)), Agreement(Estimate(3000, 2500, 3500)), null, agreementSeed: 1)!;

        Assert.Null(agrees.Readings[1].SameDrawsAs);
        Assert.Contains("its own draws with seed 1", agrees.Finding, StringComparison.Ordinal);
        Assert.Contains("independent replication", agrees.Finding, StringComparison.Ordinal);
        Assert.Contains("agreeing within the intervals", agrees.Finding, StringComparison.Ordinal);
        Assert.Contains("does not overlap", differs.Finding, StringComparison.Ordinal);
        Assert.Equal(1503, differs.Valid!.Value); // the diagnostic stays the study's value
    }

    [Fact]
    public void The_draws_alone_are_the_diagnostics_draws_read_another_way_with_a_one_sided_bound_when_unresolved()
    {
        var draws = Estimate(982, 469, double.PositiveInfinity, exact: false);
        var r = NoiseReconciliation.Of(Diagnostic(Estimate(1503, 1246, 1680), draws), null, null)!;

        Assert.Equal("noise diagnostic", r.Readings[1].SameDrawsAs);
        Assert.Contains("read another way, not a replication", r.Finding, StringComparison.Ordinal);
        Assert.Contains("at least 469", r.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agreement_over_a_subset_measures_another_population_and_is_not_valid()
    {
        var r = NoiseReconciliation.Of(Diagnostic(Estimate(1503, 1246, 1680)), Agreement(Estimate(900, 800, 1000), population: 1000), null, agreementSeed: 1)!;

        Assert.False(r.Readings[1].Valid);
        Assert.Contains("a different population", r.Finding, StringComparison.Ordinal);
    }
}
