using BatchLab.Models;
using BatchLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Tests.Models;

/// <summary>
/// Ghost batch norm against torch's own BatchNorm: one chunk must be plain BN, several chunks must
/// be plain BN applied to each chunk in turn (outputs, gradients and running statistics). Runs in
/// float64 so the tolerance can be tight; the modules are built in float32 and converted, which
/// also proves <c>.to(float64)</c> carries the ghost layers along.
/// </summary>
public class GhostBatchNormTests
{
    const double Tolerance = 1e-10;

    public static TheoryData<long[], int?> OneChunk => new()
    {
        { [12, 5], null },
        { [12, 5], 12 },
        { [8, 3, 5, 5], null },
        { [8, 3, 5, 5], 8 },
    };

    public static TheoryData<long[], int> SeveralChunks => new()
    {
        { [12, 5], 4 },
        { [12, 5], 2 },
        { [8, 3, 5, 5], 2 },
        { [8, 3, 5, 5], 1 },
        { [6, 4, 7], 3 },

        // A pass G does not divide ends with one short chunk (the last update of an epoch).
        { [12, 5], 5 },
        { [12, 5], 8 },
        { [8, 3, 5, 5], 3 },
    };

    [Theory]
    [MemberData(nameof(OneChunk))]
    public void One_chunk_is_torch_BatchNorm(long[] shape, int? ghostBatch)
    {
        using var scope = NewDisposeScope();
        var (ghost, reference) = Pair(shape, ghostBatch);

        for (var pass = 0; pass < 2; pass++)
        {
            var x = randn(shape, float64).Mul(3).Add(1);
            AssertClose(reference.call(x), ghost.call(x));
        }

        AssertSameRunningStatistics(reference, ghost);
    }

    [Theory]
    [MemberData(nameof(SeveralChunks))]
    public void Several_chunks_are_plain_BatchNorm_applied_to_each_chunk_in_turn(long[] shape, int ghostBatch)
    {
        using var scope = NewDisposeScope();
        var (ghost, reference) = Pair(shape, ghostBatch);

        // Two passes, so the second starts from running statistics that are not the initial 0 and 1.
        for (var pass = 0; pass < 2; pass++)
        {
            var x = randn(shape, float64).Mul(3).Add(1);
            var expected = cat(x.split(ghostBatch).Select(chunk => reference.call(chunk)).ToArray(), 0);
            AssertClose(expected, ghost.call(x));
        }

        AssertSameRunningStatistics(reference, ghost);
    }

    [Theory]
    [MemberData(nameof(SeveralChunks))]
    public void Gradients_equal_those_of_per_chunk_BatchNorm(long[] shape, int ghostBatch)
    {
        using var scope = NewDisposeScope();
        var (ghost, reference) = Pair(shape, ghostBatch);
        var x = randn(shape, float64).Mul(3).Add(1);
        var upstream = randn(shape, float64);

        var xg = x.clone().requires_grad_();
        (ghost.call(xg) * upstream).sum().backward();
        var xr = x.clone().requires_grad_();
        var output = cat(xr.split(ghostBatch).Select(chunk => reference.call(chunk)).ToArray(), 0);
        (output * upstream).sum().backward();

        AssertClose(xr.grad!, xg.grad!);
        AssertClose(reference.weight!.grad!, ghost.weight.grad!);
        AssertClose(reference.bias!.grad!, ghost.bias!.grad!);
    }

    [Fact]
    public void Eval_mode_normalizes_with_the_running_statistics_whatever_the_batch()
    {
        using var scope = NewDisposeScope();
        var (ghost, _) = Pair([12, 5], ghostBatch: 4);
        ghost.call(randn(12, 5, dtype: float64).Mul(2).Add(1));
        ghost.eval();

        var x = randn(7, 5, dtype: float64);
        var expected = ((x - ghost.running_mean!) / ghost.running_var!.Add(ghost.eps).sqrt() * ghost.weight).Add(ghost.bias!);
        AssertClose(expected, ghost.call(x));
    }

    [Fact]
    public void One_sample_per_channel_is_a_clear_error_not_a_torch_crash()
    {
        using var ghost = new GhostBatchNorm1d(5) { NormBatch = 1 };

        var e = Assert.Throws<BatchLabException>(() => ghost.call(randn(4, 5)));
        Assert.Contains("one value per channel", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_non_positive_chunk_size_is_rejected(int ghostBatch)
    {
        using var ghost = new GhostBatchNorm2d(3);

        Assert.Throws<BatchLabException>(() => ghost.NormBatch = ghostBatch);
    }

    /// <summary>A ghost layer and a torch BatchNorm with the same random affine parameters, in float64.</summary>
    static (GhostBatchNorm Ghost, BatchNorm Reference) Pair(long[] shape, int? ghostBatch)
    {
        var channels = shape[1];
        GhostBatchNorm ghost = shape.Length == 4 ? new GhostBatchNorm2d(channels) : new GhostBatchNorm1d(channels);
        BatchNorm reference = shape.Length == 4 ? nn.BatchNorm2d(channels) : nn.BatchNorm1d(channels);
        ghost.to(float64);
        reference.to(float64);
        using (no_grad())
        {
            ghost.weight.copy_(rand(channels, dtype: float64).Add(0.5));
            ghost.bias!.copy_(randn(channels, dtype: float64));
            reference.weight!.copy_(ghost.weight);
            reference.bias!.copy_(ghost.bias);
        }

        ghost.NormBatch = ghostBatch;
        return (ghost, reference);
    }

    static void AssertSameRunningStatistics(BatchNorm expected, GhostBatchNorm actual)
    {
        AssertClose(expected.running_mean!, actual.running_mean!);
        AssertClose(expected.running_var!, actual.running_var!);
        Assert.Equal(expected.num_batches_tracked!.item<long>(), actual.num_batches_tracked!.item<long>());
    }

    static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(ScalarType.Float64, actual.dtype);
        var error = (expected - actual).abs().max().item<double>();
        Assert.True(error < Tolerance, $"max |difference| {error:G3} exceeds {Tolerance:G1}");
    }
}
