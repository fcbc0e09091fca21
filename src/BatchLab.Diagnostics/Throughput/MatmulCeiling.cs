using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// The practical compute ceiling of a device: the rate of a large float32 matrix product
/// (n × n times n × n = 2n³ FLOPs) with the current torch thread count, median of repeats.
/// </summary>
public sealed record MatmulCeiling(int Size, int Threads, Timing PerProduct)
{
    public double Flops => 2.0 * Size * Size * Size;

    public double GflopsPerSecond => Flops / PerProduct.Median / 1e9;

    /// <summary>Slowest and fastest repeat, GFLOP/s.</summary>
    public double GflopsLow => Flops / PerProduct.Max / 1e9;

    public double GflopsHigh => Flops / PerProduct.Min / 1e9;

    /// <summary>
    /// Times products of two random n × n float32 matrices on <paramref name="device"/>, in batches
    /// lasting about <paramref name="seconds"/>; reading one element of the last product waits for
    /// the device. Cost on the development machine (2 cores, ~190 GFLOP/s): about 90 ms per product.
    /// </summary>
    public static MatmulCeiling Measure(Device device, int size = 2048, double seconds = 0.3, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        var a = randn([size, size], device: device);
        var b = randn([size, size], device: device);
        var products = Calibrate.Units(() => Product(a, b, 1), seconds);
        var timing = Runtime.Measure.PerUnit(() => Product(a, b, products), products, repeats);
        return new MatmulCeiling(size, get_num_threads(), timing);
    }

    static void Product(Tensor a, Tensor b, long count)
    {
        using var scope = NewDisposeScope();
        Tensor? c = null;
        for (long i = 0; i < count; i++)
        {
            c = a.matmul(b);
        }

        _ = c![0, 0].item<float>();
    }
}
