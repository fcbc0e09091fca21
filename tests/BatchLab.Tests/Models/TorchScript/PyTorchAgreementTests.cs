using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using BatchLab.Data;
using BatchLab.IO.Safetensors;
using BatchLab.Models.TorchScript;
using BatchLab.Runtime;
using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Optimizers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BatchLab.Tests.Models.TorchScript;

/// <summary>
/// A TorchScript MLP and a small CNN (with BatchNorm) exported by PyTorch train under BatchLab's own
/// update step exactly as under PyTorch's own loop: 50 updates of B = 32 from the same weights in the
/// same sample order, per-update losses equal within float32 rounding. Runs where Debian's
/// python3-torch is installed (it exports the models and runs PyTorch's loop); skipped otherwise.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class PyTorchAgreementTests(ITestOutputHelper output)
{
    /// <summary>Relative tolerance on every update's loss; measured at most 2.2e-7 (2 float32 ulps at 2.3).</summary>
    const double Tolerance = 2e-6;

    [PyTorchFact]
    public void Losses_over_50_updates_match_PyTorch_for_every_model_optimizer_and_batch_plan()
    {
        var folder = Directory.CreateTempSubdirectory("batchlab-pytorch-").FullName;
        PyTorch.RunOrFail(RepositoryFiles.TorchScript("export_models.py"), "--reference", folder);
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference.json")));
        using var data = SafetensorsFile.Read(Path.Combine(folder, "data.safetensors"));
        using var split = new TensorSplit(data["x"]!.alias(), data["y"]!.alias());
        var order = data["order"]!;
        var lr = reference.RootElement.GetProperty("lr").GetDouble();

        // (model, optimizer, PyTorch's plan, BatchLab's M and G): M = 32 with G = 8 is ghost batch
        // norm by chunking, which must equal PyTorch's four separate micro-batches of 8.
        (string Model, string Optimizer, string Plan, long M, long? G)[] runs =
        [
            ("mlp", "sgd", "B32", 32, null), ("mlp", "sgd", "B32M8", 8, null),
            ("mlp", "momentum", "B32", 32, null), ("mlp", "momentum", "B32M8", 8, null),
            ("cnn", "sgd", "B32", 32, null), ("cnn", "sgd", "B32M8", 8, null),
            ("cnn", "momentum", "B32", 32, null), ("cnn", "momentum", "B32M8", 8, null),
            ("cnn", "sgd", "B32M8", 32, 8), ("cnn", "momentum", "B32M8", 32, 8),
        ];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PyTorch {reference.RootElement.GetProperty("torch").GetString()} vs BatchLab (TorchSharp), 50 updates, B = 32, lr {lr}"));
        output.WriteLine("model optimizer pytorch-plan batchlab-M,G  max|Δloss|  max rel  loss[0]  loss[49]");
        var worst = 0.0;
        foreach (var run in runs)
        {
            var expected = reference.RootElement.GetProperty("losses").GetProperty($"{run.Model}/{run.Optimizer}/{run.Plan}").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var actual = Train(Path.Combine(folder, run.Model + ".pt"), split, order, lr, run.Optimizer == "momentum" ? 0.9 : 0, run.M, run.G);
            var abs = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            var rel = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Abs(e)).Max();
            worst = Math.Max(worst, rel);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Model,-5} {run.Optimizer,-8} {run.Plan,-6} M={run.M},G={run.G?.ToString(CultureInfo.InvariantCulture) ?? "-",-3} {abs,10:E2} {rel,9:E2}  {actual[0]:F6} {actual[^1]:F6}"));
            Assert.True(rel < Tolerance, $"{run}: losses differ from PyTorch's by up to {rel:E2} (relative)");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worst relative difference: {worst:E2}"));
        Directory.Delete(folder, recursive: true);
    }

    [PyTorchFact]
    public void The_committed_fixtures_are_what_their_script_exports()
    {
        var folder = Directory.CreateTempSubdirectory("batchlab-export-").FullName;
        PyTorch.RunOrFail(RepositoryFiles.TorchScript("export_models.py"), folder);
        foreach (var model in new[] { "mlp.pt", "cnn.pt" })
        {
            // Every archive entry but debug_pkl, which records the exporting script's path.
            var committed = Entries(RepositoryFiles.TorchScript(model));
            var exported = Entries(Path.Combine(folder, model));
            Assert.Equal(exported.Keys.Order(), committed.Keys.Order());
            Assert.All(exported, e => Assert.True(e.Value.SequenceEqual(committed[e.Key]), $"{model}: {e.Key} differs from what export_models.py writes; rerun it (PYTHONHASHSEED=0)"));
        }

        Directory.Delete(folder, recursive: true);
    }

    [PyTorchFact]
    public void Trained_weights_go_back_to_PyTorch_as_a_TorchScript_file_and_as_a_state_dict()
    {
        var folder = Directory.CreateTempSubdirectory("batchlab-roundtrip-").FullName;
        using var model = TorchScriptFile.Load(RepositoryFiles.TorchScript("cnn.pt"));
        manual_seed(3);
        using var split = new TensorSplit(randn([64, 1, 28, 28]), randint(0, 10, [64]));
        using var order = ScalarOps.Arange(64).view(2, 32);
        Train(model, split, order, lr: 0.05, momentum: 0.9, micro: 32, norm: null, updates: 2);
        model.eval();
        using var probe = split.Inputs.narrow(0, 0, 4);
        using var ours = model.call(probe).detach();
        TorchScriptFile.Save(model, Path.Combine(folder, "trained.pt"));
        BatchLab.Training.Outputs.WeightsFile.Save(model, Path.Combine(folder, "trained.safetensors"), "torchscript:cnn.pt");
        SafetensorsFile.Write(Path.Combine(folder, "probe.safetensors"), [("x", probe), ("y", ours)]);

        var check = Path.Combine(folder, "check.py");
        File.WriteAllText(check, $$"""
            import json, struct, sys, torch
            sys.path.insert(0, {{JsonSerializer.Serialize(Path.GetDirectoryName(RepositoryFiles.TorchScript("export_models.py")))}})
            from export_models import Cnn
            def load(path):
                with open(path, "rb") as f:
                    n = struct.unpack("<Q", f.read(8))[0]; header = json.loads(f.read(n)); data = f.read()
                types = {"F32": torch.float32, "I64": torch.int64}
                out = {k: torch.frombuffer(bytearray(data[v["data_offsets"][0]:v["data_offsets"][1]]), dtype=types[v["dtype"]]).view(v["shape"])
                       for k, v in header.items() if k != "__metadata__"}
                return header.get("__metadata__", {}), out
            _, probe = load(sys.argv[1] + "/probe.safetensors")
            scripted = torch.jit.load(sys.argv[1] + "/trained.pt").eval()
            meta, state = load(sys.argv[1] + "/trained.safetensors")
            eager = Cnn(); eager.load_state_dict(state, strict=True); eager.eval()
            print(json.dumps({"meta": meta, "script": (scripted(probe["x"]) - probe["y"]).abs().max().item(),
                              "eager": (eager(probe["x"]) - probe["y"]).abs().max().item()}))
            """);
        using var result = JsonDocument.Parse(PyTorch.RunOrFail(check, folder));
        output.WriteLine(result.RootElement.ToString());
        Assert.Equal("torchscript:cnn.pt", result.RootElement.GetProperty("meta").GetProperty("batchlab.model").GetString());
        Assert.Equal("pt", result.RootElement.GetProperty("meta").GetProperty("format").GetString());
        Assert.True(result.RootElement.GetProperty("script").GetDouble() < 1e-5);
        Assert.True(result.RootElement.GetProperty("eager").GetDouble() < 1e-5);
        Directory.Delete(folder, recursive: true);
    }

    static double[] Train(string path, TensorSplit split, Tensor order, double lr, double momentum, long micro, long? norm)
    {
        using var model = TorchScriptFile.Load(path);
        return Train(model, split, order, lr, momentum, micro, norm, (int)order.shape[0]);
    }

    /// <summary>BatchLab's own update step and SGD, the samples of update u being order[u].</summary>
    internal static double[] Train(TorchScriptModel model, TensorSplit split, Tensor order, double lr, double momentum, long micro, long? norm, int updates)
    {
        var batch = order.shape[1];
        var plan = BatchPlan.Create(BatchSize.Of(batch), micro, norm, split.Count);
        var step = new UpdateStep(model, split, TaskKind.Classification, plan, OptimizerSetup.Create(model, new OptimizerOptions(OptimizerKind.Sgd, momentum)));
        model.train();
        return [.. Enumerable.Range(0, updates).Select(u =>
        {
            using var rows = order[u];
            return step.Apply(rows, batch, lr, u);
        })];
    }

    static Dictionary<string, byte[]> Entries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Where(e => !e.FullName.EndsWith(".debug_pkl", StringComparison.Ordinal)).ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }
}
