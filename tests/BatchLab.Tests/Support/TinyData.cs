using BatchLab.Data;
using static TorchSharp.torch;

namespace BatchLab.Tests.Support;

/// <summary>Small random classification data sets and models for trainer tests (no files, no network).</summary>
public static class TinyData
{
    /// <summary>n training samples of dimension d labelled by a random linear map into <paramref name="classes"/> classes.</summary>
    public static Dataset Classification(long n = 200, int d = 10, int classes = 3, long seed = 7)
    {
        using var generator = new Generator((ulong)seed, CPU);
        TensorSplit Split(long count)
        {
            var x = randn([count, d], generator: generator);
            var w = randn([d, classes], generator: generator);
            return new TensorSplit(x, x.matmul(w).argmax(1));
        }

        return new Dataset
        {
            Name = "tiny",
            Task = TaskKind.Classification,
            Classes = classes,
            SampleShape = [d],
            Train = Split(n),
            Validation = Split(50),
            Test = Split(50),
            Provenance = $"random, seed {seed}",
        };
    }

    /// <summary>A d→hidden→classes MLP (tanh, or ReLU when <paramref name="relu"/>) initialised from <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Mlp(long seed, int d = 10, int hidden = 16, int classes = 3, bool relu = false)
    {
        manual_seed(seed);
        nn.Module<Tensor, Tensor> activation = relu ? nn.ReLU() : nn.Tanh();
        return nn.Sequential(("fc1", nn.Linear(d, hidden)), ("act", activation), ("fc2", nn.Linear(hidden, classes)));
    }
}
