using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchLab.Data;
using BatchLab.Data.Text;
using BatchLab.IO.Safetensors;
using BatchLab.Models;
using BatchLab.Models.Transformer;
using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Optimizers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BatchLab.Tests.Models.Transformer;

/// <summary>
/// The zoo's transformer trains as the same network written in PyTorch (samples/transformer/
/// nanogpt_reference.py, nanoGPT's model.py with an explicit masked softmax): same initial weights,
/// same windows in the same order, AdamW with weight decay, 60 updates of B = 8 at M = 8 and M = 3,
/// per-update losses equal within float32 rounding. Runs where Debian's python3-torch is installed.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class TransformerPyTorchTests(ITestOutputHelper output)
{
    /// <summary>Relative tolerance on every update's loss; measured at most 2.2e-7 (PyTorch 1.13 against libtorch 2.10's fused attention).</summary>
    const double Tolerance = 2e-6;

    const int Updates = 60;
    const int Batch = 8;
    const double Lr = 3e-3;
    const double WeightDecay = 0.1;

    [PyTorchFact]
    public void Losses_over_60_AdamW_updates_match_PyTorch_at_M_equal_to_B_and_below()
    {
        var spec = new TransformerSpec(Layers: 2, Dim: 32, Heads: 4, Context: 16);
        var folder = Directory.CreateTempSubdirectory("batchlab-transformer-").FullName;
        var text = string.Concat(Enumerable.Range(0, 60).Select(i => $"Paragraph {i} tells of the {(i % 3 == 0 ? "quick fox" : "lazy dog")} that ran {i * 7 % 13} miles.\n\n"));
        using var windows = TokenWindows.Cut([new TextDocument("text", Encoding.UTF8.GetBytes(text))], spec.Context);
        manual_seed(11);
        using var order = randint(0, windows.Count, [Updates, Batch]);
        using (var initial = Model(spec))
        {
            var config = JsonSerializer.Serialize(new { layers = spec.Layers, dim = spec.Dim, heads = spec.Heads, context = spec.Context, tied = spec.Tied, lr = Lr, weight_decay = WeightDecay, micro_batches = new[] { Batch, 3 } });
            SafetensorsFile.Write(Path.Combine(folder, "init.safetensors"),
                [.. initial.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), ("x", windows.Inputs), ("y", windows.Targets), ("order", order)],
                new Dictionary<string, string> { ["config"] = config });
        }

        PyTorch.RunOrFail(RepositoryFiles.Sample("transformer", "nanogpt_reference.py"), "--train", folder);
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "losses.json")));
        output.WriteLine($"PyTorch {reference.RootElement.GetProperty("torch").GetString()} vs BatchLab, {spec}, AdamW lr {Lr} wd {WeightDecay}, {Updates} updates of B = {Batch}");
        foreach (var micro in new[] { Batch, 3 })
        {
            var expected = reference.RootElement.GetProperty(micro.ToString(CultureInfo.InvariantCulture)).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var actual = Train(spec, windows, order, micro);
            var rel = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Abs(e)).Max();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"M = {micro}: max relative |Δloss| {rel:E2}; loss {actual[0]:F5} → {actual[^1]:F5} (PyTorch {expected[0]:F5} → {expected[^1]:F5})"));
            Assert.Equal(Updates, expected.Length);
            Assert.True(actual[^1] < actual[0] - 0.5, "the run should learn: the loss falls by more than 0.5 nats");
            Assert.True(rel < Tolerance, $"M = {micro}: losses differ from PyTorch's by up to {rel:E2} (relative)");
        }

        Directory.Delete(folder, recursive: true);
    }

    static nn.Module<Tensor, Tensor> Model(TransformerSpec spec)
    {
        manual_seed(5);
        return ModelZoo.Create(spec.ToString(), TransformerModel.Bytes(spec.Context));
    }

    static double[] Train(TransformerSpec spec, TensorSplit windows, Tensor order, long micro)
    {
        using var model = Model(spec);
        var plan = BatchPlan.Create(BatchSize.Of(Batch), micro, null, windows.Count);
        var step = new UpdateStep(model, windows, TaskKind.NextToken, plan, OptimizerSetup.Create(model, new OptimizerOptions(OptimizerKind.AdamW, WeightDecay: WeightDecay)));
        model.train();
        return [.. Enumerable.Range(0, Updates).Select(u =>
        {
            using var rows = order[u];
            return step.Apply(rows, Batch, Lr, u);
        })];
    }
}
