using System.Globalization;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Data.Synthetic;

/// <summary>
/// Parameters of <c>synthetic-teacher</c>: inputs x ~ N(0, I_d) labelled by a random teacher
/// network with one tanh hidden layer, label = argmax(tanh(x·W1)·W2), W1 ~ N(0, 1/d),
/// W2 ~ N(0, 1/hidden), no biases (so −x gets the "opposite" logits and classes stay roughly
/// balanced). Defaults: n=8192, test=2048, d=32, classes=10, hidden=64, seed=0.
/// </summary>
public sealed record TeacherSpec(int Train = 8192, int Test = 2048, int Dimensions = 32, int Classes = 10, int Hidden = 64, ulong Seed = 0)
{
    public const string Kind = "synthetic-teacher";

    static readonly string[] Keys = ["n", "test", "d", "classes", "hidden", "seed"];

    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Kind}:n={Train},test={Test},d={Dimensions},classes={Classes},hidden={Hidden},seed={Seed}");

    /// <summary>Parses the text after "synthetic-teacher:" (may be empty: all defaults).</summary>
    public static TeacherSpec Parse(string? parameters)
    {
        var p = SyntheticParameters.Parse(Kind, parameters, Keys);
        var d = new TeacherSpec();
        return new(p.Int("n", d.Train, 2), p.Int("test", d.Test), p.Int("d", d.Dimensions), p.Int("classes", d.Classes, 2), p.Int("hidden", d.Hidden), p.Seed());
    }
}

/// <summary>A generated classification set with its teacher: W1 is [d, hidden], W2 is [hidden, classes].</summary>
public sealed record TeacherTruth(Dataset Dataset, double[,] HiddenWeights, double[,] OutputWeights)
{
    /// <summary>The teacher's label for one input, computed in float64 without torch (a reference for tests).</summary>
    public int Label(ReadOnlySpan<double> x)
    {
        var hidden = new double[HiddenWeights.GetLength(1)];
        for (var j = 0; j < hidden.Length; j++)
        {
            double sum = 0;
            for (var i = 0; i < x.Length; i++)
            {
                sum += x[i] * HiddenWeights[i, j];
            }

            hidden[j] = Math.Tanh(sum);
        }

        var best = 0;
        var bestLogit = double.NegativeInfinity;
        for (var k = 0; k < OutputWeights.GetLength(1); k++)
        {
            double logit = 0;
            for (var j = 0; j < hidden.Length; j++)
            {
                logit += hidden[j] * OutputWeights[j, k];
            }

            (best, bestLogit) = logit > bestLogit ? (k, logit) : (best, bestLogit);
        }

        return best;
    }
}

/// <summary>Generates <c>synthetic-teacher</c>: identical for an identical spec, on every machine.</summary>
public static class SyntheticTeacher
{
    /// <summary>Draws W1, W2, then all inputs from one generator seeded with the spec's seed, in float64.</summary>
    public static TeacherTruth Generate(TeacherSpec spec, DataOptions? options = null, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(spec.Seed);
        var w1 = randn([spec.Dimensions, spec.Hidden], ScalarType.Float64, generator: generator).Div_(Math.Sqrt(spec.Dimensions));
        var w2 = randn([spec.Hidden, spec.Classes], ScalarType.Float64, generator: generator).Div_(Math.Sqrt(spec.Hidden));
        var x = randn([spec.Train + spec.Test, spec.Dimensions], ScalarType.Float64, generator: generator);
        var labels = x.matmul(w1).tanh_().matmul(w2).argmax(1);
        var (train, validation, test, carving) = SyntheticSplits.Build(x, labels, spec.Train, options ?? DataOptions.Default, dtype);

        var dataset = new Dataset
        {
            Name = spec.Name,
            Task = TaskKind.Classification,
            Classes = spec.Classes,
            SampleShape = [spec.Dimensions],
            Train = train.MoveToOuterDisposeScope(),
            Validation = validation.MoveToOuterDisposeScope(),
            Test = test.MoveToOuterDisposeScope(),
            Provenance = $"{spec.Name}: x ~ N(0, I_{spec.Dimensions}), label = argmax(tanh(x·W1)·W2), random W1, W2; {carving}",
            Origin = new DataOrigin($"generator {TeacherSpec.Kind} (seed {spec.Seed})", null, [], spec.Train, spec.Test),
        };
        return new TeacherTruth(dataset, Matrix(w1), Matrix(w2));
    }

    static double[,] Matrix(Tensor t)
    {
        var (rows, cols) = ((int)t.shape[0], (int)t.shape[1]);
        var flat = t.data<double>().ToArray();
        var m = new double[rows, cols];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }
}
