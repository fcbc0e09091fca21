using BatchLab.Data;
using BatchLab.Models;
using BatchLab.Training;
using BatchLab.Training.Fused;
using static TorchSharp.torch;

namespace BatchLab.Tests.Training.Fused;

/// <summary>Runs the same trials alone and fused, and compares what they end with.</summary>
internal static class FusedRuns
{
    /// <summary>n images 1×side×side in 4 classes, labelled by a random linear map of the pixels.</summary>
    public static Dataset Images(long n = 96, int side = 12, long seed = 5)
    {
        using var generator = new Generator((ulong)seed, CPU);
        var w = randn([side * side, 4], generator: generator);
        TensorSplit Split(long count)
        {
            var x = randn([count, 1, side, side], generator: generator);
            return new TensorSplit(x, x.reshape(count, -1).matmul(w).argmax(1));
        }

        return new Dataset
        {
            Name = "tiny-images",
            Task = TaskKind.Classification,
            Classes = 4,
            SampleShape = [1, side, side],
            Train = Split(n),
            Validation = Split(32),
            Test = Split(32),
            Provenance = $"random, seed {seed}",
        };
    }

    /// <summary>The zoo model <paramref name="spec"/> for <paramref name="data"/>, initialised from <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Model(string spec, Dataset data, long seed)
    {
        manual_seed(seed);
        return ModelZoo.Create(spec, data);
    }

    /// <summary>Each trial trained alone: its result and final state dict.</summary>
    public static List<(TrainResult Result, Dictionary<string, Tensor> State)> Solo(string spec, Dataset data, IEnumerable<TrainOptions> trials) =>
        [.. trials.Select(options =>
        {
            var model = Model(spec, data, options.Seed);
            using var trainer = new Trainer(model, data, options);
            var result = trainer.Run();
            return (result, Copy(model));
        })];

    /// <summary>The trials trained as one fused group: each member's result and final state dict.</summary>
    public static List<(TrainResult Result, Dictionary<string, Tensor> State)> Fused(
        string spec, Dataset data, IReadOnlyList<TrainOptions> trials, Func<int, TrainerHooks?>? hooks = null, CancellationToken cancel = default)
    {
        var members = trials.Select((o, k) => new FusedMember(Model(spec, data, o.Seed), o, hooks?.Invoke(k))).ToList();
        using var trainer = new FusedTrainer(members, data);
        var results = trainer.Run(cancel);
        return [.. members.Select((m, k) => (results[k], Copy(m.Model)))];
    }

    public static Dictionary<string, Tensor> Copy(nn.Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

    static Dictionary<string, Tensor> Compared(Dictionary<string, Tensor> state, bool exceptNoiseDriven)
    {
        var noise = state.Keys.Where(k => k.StartsWith("bn", StringComparison.Ordinal) && k.EndsWith(".running_mean", StringComparison.Ordinal))
            .SelectMany(k => new[] { k, "fc" + k[2..k.IndexOf('.', StringComparison.Ordinal)] + ".bias" })
            .ToHashSet();
        return exceptNoiseDriven ? state.Where(e => !noise.Contains(e.Key)).ToDictionary() : state;
    }

    /// <summary>Max over state-dict entries of max|a − b| / max|a| (buffers included).</summary>
    public static double MaxRelativeDifference(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b)
    {
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        return a.Keys.Max(k =>
        {
            var x = a[k].to_type(ScalarType.Float64);
            var y = b[k].to_type(ScalarType.Float64);
            return (x - y).abs().max().item<double>() / Math.Max(1e-30, x.abs().max().item<double>());
        });
    }

    /// <summary>
    /// Asserts that every member's weights and buffers match its solo run within <paramref name="tolerance"/>.
    /// <paramref name="exceptNoiseDriven"/> leaves out the biases of linear layers followed by batch
    /// norm, and those layers' running means: BN cancels such a bias, so its exact gradient is 0 and
    /// what it receives is rounding noise, which Adam normalizes into steps of ±η. In float32 these
    /// entries differ by ~2e-2 even between two solo runs that only split the batch differently.
    /// </summary>
    public static void AssertMatch(string spec, Dataset data, IReadOnlyList<TrainOptions> trials, double tolerance, bool exceptNoiseDriven = false)
    {
        var solo = Solo(spec, data, trials);
        var fused = Fused(spec, data, trials);
        for (var k = 0; k < trials.Count; k++)
        {
            var difference = MaxRelativeDifference(Compared(solo[k].State, exceptNoiseDriven), Compared(fused[k].State, exceptNoiseDriven));
            Assert.True(difference < tolerance, $"{spec} member {k}: max relative difference {difference:E2} ≥ {tolerance:E0}");
            Assert.Equal(solo[k].Result.State, fused[k].Result.State);
            Assert.Equal(solo[k].Result.Updates, fused[k].Result.Updates);
            Assert.Equal(solo[k].Result.Samples, fused[k].Result.Samples);
            Assert.Equal(solo[k].Result.Final.Keys.Order(), fused[k].Result.Final.Keys.Order());
        }

        // The members really are different runs (seeds and hyperparameters took effect).
        Assert.True(MaxRelativeDifference(fused[0].State, fused[1].State) > 1e-3);
    }
}
