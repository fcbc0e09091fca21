using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Optimizers;

namespace BatchLab.Tests.Training.Fused;

/// <summary>
/// Each member of a fused group follows the trajectory of the same trial trained alone: after 50
/// updates every weight and buffer agrees to 1e-9 (float64) or 1e-4 (float32), relatively.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class FusedTrajectoryTests
{
    static TrainOptions Base(Precision precision, long batch = 8) => new()
    {
        Batch = BatchSize.Of(batch),
        Budget = new Budget(Updates: 50),
        EvalEvery = Duration.Updates(20),
        Precision = precision,
    };

    /// <summary>SGD members with their own seeds, rates, momentum (one without) and weight decay.</summary>
    static TrainOptions[] SgdMembers(Precision precision, long batch = 8, long? normBatch = null, bool nesterov = false) =>
    [
        Base(precision, batch) with { Seed = 1, NormBatch = normBatch, LearningRate = new(Lr: 0.05), Optimizer = new(Momentum: 0.9, Nesterov: nesterov) },
        Base(precision, batch) with { Seed = 2, NormBatch = normBatch, LearningRate = new(Lr: 0.02, Schedule: ScheduleKind.Cosine, Warmup: Duration.Updates(5)), Optimizer = new(Momentum: 0.5, Nesterov: nesterov, WeightDecay: 1e-3) },
        Base(precision, batch) with { Seed = 3, NormBatch = normBatch, LearningRate = new(BaseLr: 0.01), Optimizer = new(Momentum: nesterov ? 0.7 : 0, WeightDecay: 5e-3, Nesterov: nesterov) },
    ];

    /// <summary>Adam members with their own seeds, rates, β, ε and weight decay.</summary>
    static TrainOptions[] AdamMembers(Precision precision, OptimizerKind kind = OptimizerKind.Adam, long batch = 8, long? normBatch = null) =>
    [
        Base(precision, batch) with { Seed = 4, NormBatch = normBatch, LearningRate = new(Lr: 1e-3), Optimizer = new(kind) },
        Base(precision, batch) with { Seed = 5, NormBatch = normBatch, LearningRate = new(Lr: 3e-3, Schedule: ScheduleKind.Linear), Optimizer = new(kind, Beta1: 0.8, Beta2: 0.99, WeightDecay: 1e-2) },
        Base(precision, batch) with { Seed = 6, NormBatch = normBatch, LearningRate = new(Lr: 5e-4), Optimizer = new(kind, Epsilon: 1e-6, WeightDecay: 1e-3), ClipGradNorm = 0.5 },
    ];

    [Theory]
    [InlineData("mlp:16", Precision.Float64, 1e-9)]
    [InlineData("mlp:16", Precision.Float32, 1e-4)]
    [InlineData("mlp:16x12,act=tanh", Precision.Float64, 1e-9)]
    [InlineData("linear", Precision.Float64, 1e-9)]
    public void Sgd_momentum_members_match_their_solo_runs(string spec, Precision precision, double tolerance)
    {
        using var data = TinyData.Classification(n: 200);
        FusedRuns.AssertMatch(spec, data, SgdMembers(precision), tolerance);
    }

    [Fact]
    public void Nesterov_members_match_their_solo_runs()
    {
        using var data = TinyData.Classification(n: 200);
        FusedRuns.AssertMatch("mlp:16", data, SgdMembers(Precision.Float64, nesterov: true), 1e-9);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, Precision.Float64, 1e-9)]
    [InlineData(OptimizerKind.Adam, Precision.Float32, 1e-4)]
    [InlineData(OptimizerKind.AdamW, Precision.Float64, 1e-9)]
    public void Adam_members_match_their_solo_runs(OptimizerKind kind, Precision precision, double tolerance)
    {
        using var data = TinyData.Classification(n: 200);
        FusedRuns.AssertMatch("mlp:16", data, AdamMembers(precision, kind), tolerance);
    }

    // B = 16 in ghost batches of G: BN statistics per member and per chunk, running statistics included.
    // In float32, G = 4 with these rates is chaotic for one seed: merely splitting the batch into
    // micro-batches (a no-op in exact arithmetic) moves the solo run's weights by 3.5e-4 after 50
    // updates, so no reordering of float operations could stay within 1e-4; G = 8 is well conditioned.
    [Theory]
    [InlineData(Precision.Float64, 4L, 1e-9)]
    [InlineData(Precision.Float32, 8L, 1e-4)]
    public void Batch_norm_members_with_ghost_batches_match_their_solo_runs(Precision precision, long normBatch, double tolerance)
    {
        using var data = TinyData.Classification(n: 200);
        FusedRuns.AssertMatch("mlp:16x12,bn", data, SgdMembers(precision, batch: 16, normBatch: normBatch), tolerance);
        FusedRuns.AssertMatch("mlp:16,bn,act=gelu", data, AdamMembers(precision, batch: 16, normBatch: normBatch), tolerance, exceptNoiseDriven: precision == Precision.Float32);
    }

    [Fact]
    public void Ghost_batch_norm_members_handle_an_epochs_short_tail_as_their_solo_runs_do()
    {
        // 204 samples, B = 16, G = 8: every epoch ends with an update of 12 samples, a chunk of 8
        // and a short chunk of 4. Fused, this used to fail ("G = 8 does not divide the 12 samples")
        // where the same trials alone trained; 50 updates cross three epoch tails.
        using var data = TinyData.Classification(n: 204);
        FusedRuns.AssertMatch("mlp:16x12,bn", data, SgdMembers(Precision.Float64, batch: 16, normBatch: 8), 1e-9);
    }

    [Fact]
    public void Batch_norm_over_the_whole_batch_and_micro_batches_match()
    {
        using var data = TinyData.Classification(n: 200);
        FusedRuns.AssertMatch("mlp:16,bn", data, SgdMembers(Precision.Float64, batch: 16), 1e-9);
        var micro = AdamMembers(Precision.Float64, batch: 16, normBatch: 4).Select(o => o with { MicroBatch = 8 }).ToArray();
        FusedRuns.AssertMatch("mlp:16,bn", data, micro, 1e-9);
    }

    [Theory]
    [InlineData("lenet5", Precision.Float64, 1e-9)]
    [InlineData("lenet5", Precision.Float32, 1e-4)]
    public void Convolutional_members_match_their_solo_runs(string spec, Precision precision, double tolerance)
    {
        using var data = FusedRuns.Images();
        FusedRuns.AssertMatch(spec, data, SgdMembers(precision), tolerance);
        FusedRuns.AssertMatch(spec, data, AdamMembers(precision), tolerance);
    }

    [Fact]
    public void Simple_cnn_members_match_their_solo_runs()
    {
        // 8×8 images keep simple-cnn's fc1 small (64·2·2 → 1024).
        using var data = FusedRuns.Images(side: 8);
        var trials = SgdMembers(Precision.Float64).Select(o => o with { Budget = new Budget(Updates: 20) }).ToArray();
        FusedRuns.AssertMatch("simple-cnn", data, trials, 1e-9);
    }

    /// <summary>
    /// For models of linear layers, float rounding does not depend on the group: every member of a
    /// group of three ends with the same bits as the same trial trained as a group of one. This is
    /// what makes a fused trial's resume exact in any group (issue 12, case 7): workers train a lone
    /// fusable trial as a group of one, never on the solo trainer's arithmetic.
    /// </summary>
    [Theory]
    [InlineData("mlp:16")]
    [InlineData("mlp:16,bn")]
    public void Linear_members_end_bit_identical_in_a_group_of_three_and_alone(string spec)
    {
        using var data = TinyData.Classification(n: 200);
        long? normBatch = spec.EndsWith(",bn", StringComparison.Ordinal) ? 4 : null;
        foreach (var group in new[] { SgdMembers(Precision.Float32, normBatch: normBatch), AdamMembers(Precision.Float32, normBatch: normBatch) })
        {
            var trials = group.Select(o => o with { Budget = new Budget(Updates: 30) }).ToArray();
            var together = FusedRuns.Fused(spec, data, trials);
            for (var k = 0; k < trials.Length; k++)
            {
                var alone = FusedRuns.Fused(spec, data, [trials[k]])[0];
                Assert.Equal(alone.Result.WeightsSha256, together[k].Result.WeightsSha256);
                Assert.Equal(alone.Result.Final, together[k].Result.Final);
            }
        }
    }

    /// <summary>
    /// Convolutions are not bit-exact across group sizes: the native library picks its grouped
    /// convolution's kernel by the number of groups, so a member of a group of three and the same
    /// trial alone agree to float32 rounding after 30 updates (measured max relative difference
    /// over the state dict 1e-7 to 7e-7, asserted below 1e-5), not bit for bit. README says so
    /// under resume.
    /// </summary>
    [Theory]
    [InlineData("lenet5")]
    [InlineData("simple-cnn")]
    public void Convolutional_members_agree_to_float_rounding_in_a_group_of_three_and_alone(string spec)
    {
        using var data = FusedRuns.Images();
        var trials = SgdMembers(Precision.Float32).Select(o => o with { Budget = new Budget(Updates: 30) }).ToArray();
        var together = FusedRuns.Fused(spec, data, trials);
        for (var k = 0; k < trials.Length; k++)
        {
            var alone = FusedRuns.Fused(spec, data, [trials[k]])[0];
            var difference = FusedRuns.MaxRelativeDifference(alone.State, together[k].State);
            Assert.InRange(difference, 0, 1e-5);
        }
    }
}
