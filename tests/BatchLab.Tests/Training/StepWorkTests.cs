using BatchLab.Models;
using BatchLab.Runtime;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Tests.Training;

/// <summary>
/// The thread count of an update step is a pure function of the model's shapes and M: small
/// passes run on one thread, large ones on every thread the process has.
/// </summary>
public class StepWorkTests
{
    [Fact]
    public void A_dense_weight_counts_once_per_sample_and_a_kernel_once_per_position()
    {
        using var dense = zeros(256, 784);
        using var bias = zeros(256);
        using var kernel = zeros(32, 1, 5, 5);
        Assert.Equal((784.0 * 256) + 256, StepWork.MacsPerSample([dense, bias], [1, 28, 28]));
        Assert.Equal(800.0 * 28 * 28, StepWork.MacsPerSample([kernel], [1, 28, 28]));
    }

    [Theory]
    [InlineData("mlp:256", 2L, 1)]
    [InlineData("mlp:256", 32L, 1)]
    [InlineData("mlp:256", 128L, int.MaxValue)]
    [InlineData("simple-cnn", 2L, int.MaxValue)]
    public void Small_passes_get_one_thread_and_large_ones_every_thread(string spec, long microBatch, int threads)
    {
        using var scope = NewDisposeScope();
        var model = ModelZoo.Create(spec, new ModelInput([1, 28, 28], 10));
        Assert.Equal(threads, StepWork.Threads(StepWork.MacsPerSample(model.parameters(), [1, 28, 28]), microBatch));
    }

    [Fact]
    public void A_thread_limit_lowers_the_count_lifts_it_on_request_and_restores_it()
    {
        var before = get_num_threads();
        set_num_threads(2);
        try
        {
            using (var limit = new ThreadLimit(1))
            {
                Assert.Equal(1, get_num_threads());
                using (limit.Lifted())
                {
                    Assert.Equal(2, get_num_threads());
                }

                Assert.Equal(1, get_num_threads());
            }

            Assert.Equal(2, get_num_threads());
            using (new ThreadLimit(int.MaxValue))
            {
                Assert.Equal(2, get_num_threads());
            }
        }
        finally
        {
            set_num_threads(before);
        }
    }
}
