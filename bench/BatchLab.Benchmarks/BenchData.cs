using BatchLab.Data;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>Data for throughput benchmarks: throughput does not depend on pixel values, so random tensors shaped like MNIST do.</summary>
public static class BenchData
{
    public static Dataset RandomMnist(long n)
    {
        manual_seed(1);
        TensorSplit Split(long count) => new(randn(count, 1, 28, 28), randint(0, 10, [count], dtype: int64));
        return new Dataset
        {
            Name = "random-mnist-shape",
            Task = TaskKind.Classification,
            Classes = 10,
            SampleShape = [1, 28, 28],
            Train = Split(n),
            Validation = Split(16),
            Test = Split(16),
            Provenance = "random tensors shaped like MNIST",
        };
    }
}
