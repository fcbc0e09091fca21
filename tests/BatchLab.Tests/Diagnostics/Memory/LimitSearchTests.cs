using BatchLab.Diagnostics.Memory;

namespace BatchLab.Tests.Diagnostics.Memory;

/// <summary>The largest-M search against fake measurements whose answer is known.</summary>
public class LimitSearchTests
{
    // Predicts 1,000 + 100·M bytes: fixed 1,000, 100 per sample.
    static readonly MemoryModel Linear = new(1_000, 0, 0, 0, 100, 100);

    [Fact]
    public void Grows_bisects_and_rechecks_to_the_largest_fitting_micro_batch()
    {
        var measured = new List<long>();
        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0, m => { measured.Add(m); return 1_000 + (100 * m); });

        Assert.Equal(20, result.Confirmed);
        Assert.Equal(20, result.ModelMicroBatch);
        Assert.Equal([1, 2, 4, 8, 16, 32, 24, 20, 22, 21, 20, 21], measured);
        Assert.Equal(
            [ProbePhase.Grow, ProbePhase.Grow, ProbePhase.Grow, ProbePhase.Grow, ProbePhase.Grow, ProbePhase.Grow,
             ProbePhase.Bisect, ProbePhase.Bisect, ProbePhase.Bisect, ProbePhase.Bisect, ProbePhase.Recheck, ProbePhase.Recheck],
            result.Probes.Select(t => t.Phase));
    }

    [Fact]
    public void The_safety_margin_lowers_the_limit_a_trial_must_stay_under()
    {
        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0.1, m => 1_000 + (100 * m));

        Assert.Equal(2_700, result.Usable);
        Assert.Equal(17, result.Confirmed);
    }

    [Fact]
    public void An_answer_that_misses_on_its_second_look_steps_down()
    {
        // Non-monotone and noisy: M = 20 fits the first time it is measured and misses the second.
        var looks = new Dictionary<long, int>();
        long Measure(long m)
        {
            looks[m] = looks.GetValueOrDefault(m) + 1;
            return m == 20 && looks[m] > 1 ? 5_000 : 1_000 + (100 * m);
        }

        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0, Measure, maxProbes: 20);

        Assert.Equal(19, result.Confirmed);
        Assert.All(result.Probes.Where(t => t.Phase == ProbePhase.Recheck && t.MicroBatch == 19), t => Assert.True(t.Fits));
    }

    [Fact]
    public void A_neighbour_that_fits_on_its_second_look_steps_up()
    {
        // M = 21 misses at first (an allocator spike) but fits when measured again.
        var looks = new Dictionary<long, int>();
        long Measure(long m)
        {
            looks[m] = looks.GetValueOrDefault(m) + 1;
            return m == 21 && looks[m] == 1 ? 9_999 : 900 + (100 * m);
        }

        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0, Measure, maxProbes: 20);

        Assert.Equal(21, result.Confirmed);
    }

    [Fact]
    public void Probes_predicted_far_beyond_the_limit_are_not_run_and_the_trial_count_is_bounded()
    {
        var measured = new List<long>();
        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0, m => { measured.Add(m); return 100; }, maxProbes: 8, cap: 4096);

        Assert.Equal(8, measured.Count);
        Assert.DoesNotContain(measured, m => Linear.Predict(m) > 6_000);
        Assert.Contains(result.Probes, t => t.MeasuredBytes is null && !t.Fits);
    }

    [Fact]
    public void Known_measurements_serve_as_first_looks_but_never_as_second_looks()
    {
        var measured = new List<long>();
        var known = new Dictionary<long, long> { [1] = 1_100, [2] = 1_200, [4] = 1_400, [8] = 1_800 };

        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0, m => { measured.Add(m); return 1_000 + (100 * m); }, known: known);

        Assert.Equal(20, result.Confirmed);
        Assert.Equal([16, 32, 24, 20, 22, 21, 20, 21], measured);
        Assert.Equal(1_400, result.Probes.Single(t => t.MicroBatch == 4).MeasuredBytes);
    }

    [Fact]
    public void Nothing_fits_when_even_the_smallest_micro_batch_misses()
    {
        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0, _ => 10_000);

        Assert.Null(result.Confirmed);
        Assert.Single(result.Probes);
    }

    [Fact]
    public void A_guided_search_starts_at_half_the_models_answer_and_confirms_the_cap_in_two_probes()
    {
        var measured = new List<long>();
        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0, m => { measured.Add(m); return 1_000 + (100 * m); }, guided: true);

        Assert.Equal(20, result.Confirmed); // the unguided search's answer
        Assert.Equal([8, 16, 32, 24, 20, 22, 21, 20, 21], measured); // half of 20 → 8 (start × 2³), not 1, 2, 4

        var roomy = new List<long>();
        var capped = LimitSearch.Run(Linear, limit: 1_000_000, margin: 0, m => { roomy.Add(m); return 1_000 + (100 * m); }, cap: 64, guided: true);
        Assert.Equal(64, capped.Confirmed);
        Assert.True(capped.ReachedCap);
        Assert.Equal([64, 64], roomy); // the cap and its second look
    }

    [Fact]
    public void A_guided_search_whose_guess_misses_starts_over_from_the_start()
    {
        // Four times the model's bytes per sample: its guess (8, half its answer of 20) misses; the true answer is 5.
        var measured = new List<long>();
        var result = LimitSearch.Run(Linear, limit: 3_000, margin: 0, m => { measured.Add(m); return 1_000 + (400 * m); }, guided: true);

        Assert.Equal(5, result.Confirmed);
        Assert.False(result.ReachedCap);
        Assert.Equal([8, 1, 2, 4, 7, 5, 6, 5, 6], measured);
    }
}
