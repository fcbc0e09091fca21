using System.IO.Compression;
using BatchLab.Data;
using BatchLab.Models;
using BatchLab.Models.TorchScript;
using BatchLab.Runtime;
using BatchLab.Tests.Support;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Tests.Models.TorchScript;

/// <summary>The committed TorchScript fixtures (samples/torchscript) in BatchLab, without PyTorch.</summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class TorchScriptModelTests
{
    static string Cnn => RepositoryFiles.TorchScript("cnn.pt");

    [Fact]
    public void A_spec_loads_the_file_with_PyTorch_names_and_keeps_the_path_case()
    {
        var folder = Directory.CreateTempSubdirectory("BatchLab-TorchScript-").FullName;
        var copy = Path.Combine(folder, "MyCnn.pt");
        File.Copy(Cnn, copy);

        using var model = ModelZoo.Create($"TorchScript:{copy}", ModelCatalog.Mnist);

        var script = Assert.IsType<TorchScriptModel>(model);
        Assert.Equal(copy, script.Path);
        Assert.True(script.Code.HasBatchNorm && script.Code.ReadsTrainingFlag && !script.Code.FrozenMode);
        Assert.Equal(["conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "conv2.weight", "conv2.bias", "fc.weight", "fc.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked"],
            model.state_dict().Keys);
        Assert.Equal(9_114, model.CountParameters());
    }

    [Fact]
    public void Ghost_batch_norm_by_chunking_equals_micro_batches_of_G()
    {
        manual_seed(5);
        using var split = new TensorSplit(randn(64, 1, 28, 28), randint(0, 10, [64]));
        using var order = randperm(64).view(2, 32);
        using var chunked = TorchScriptFile.Load(Cnn);
        using var micro = TorchScriptFile.Load(Cnn);
        using var whole = TorchScriptFile.Load(Cnn);

        var g8 = PyTorchAgreementTests.Train(chunked, split, order, lr: 0.05, momentum: 0.9, micro: 32, norm: 8, updates: 2);
        var m8 = PyTorchAgreementTests.Train(micro, split, order, lr: 0.05, momentum: 0.9, micro: 8, norm: null, updates: 2);
        var m32 = PyTorchAgreementTests.Train(whole, split, order, lr: 0.05, momentum: 0.9, micro: 32, norm: null, updates: 2);

        Assert.Equal(m8, g8, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.NotEqual(m32[0], g8[0], 4); // BN statistics over 32 samples differ from 4 chunks of 8
        Assert.Equal(8L, chunked.state_dict()["bn1.num_batches_tracked"].item<long>()); // 2 updates x 4 chunks
        Assert.Equal(micro.state_dict()["bn1.running_var"].data<float>().ToArray(), chunked.state_dict()["bn1.running_var"].data<float>().ToArray(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void The_trainer_trains_it_and_a_saved_pt_reloads_with_the_trained_weights()
    {
        using var data = TinyImages();
        using var model = TorchScriptFile.Load(Cnn);
        var options = new TrainOptions { Batch = BatchSize.Of(16), LearningRate = new LearningRateOptions(Lr: 0.1), Budget = new Budget(Epochs: 3) };
        TrainResult result;
        using (var trainer = new Trainer(model, data, options))
        {
            result = trainer.Run();
        }

        Assert.True(result.Final["train_loss"] < 1.5, $"train loss {result.Final["train_loss"]} (ln 10 = 2.30 at the start)");
        var path = Path.Combine(Directory.CreateTempSubdirectory("batchlab-ts-save-").FullName, "trained.pt");
        TorchScriptFile.Save(model, path);
        using var reloaded = TorchScriptFile.Load(path);
        model.eval();
        reloaded.eval();
        using var x = data.Test.Inputs.narrow(0, 0, 4);
        Assert.Equal(model.call(x).data<float>().ToArray(), reloaded.call(x).data<float>().ToArray());
    }

    [Fact]
    public void It_converts_to_float64_when_the_run_asks()
    {
        using var model = ModelZoo.Create($"torchscript:{Cnn}", ModelCatalog.Mnist, ScalarType.Float64);

        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        using var y = model.call(zeros(2, 1, 28, 28, ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, y.dtype);
    }

    [Fact]
    public void A_model_that_cannot_take_the_data_is_one_line_with_TorchScripts_own_reason()
    {
        using var model = TorchScriptFile.Load(Cnn);
        using var data = TinyData.Classification(n: 20, d: 7);

        var e = Assert.Throws<BatchLabException>(() => ModelCheck.AcceptsData(model, data));

        Assert.StartsWith("TorchScript model cnn.pt failed on input [2, 7]: ", e.Message);
        Assert.Contains("Error", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Missing_non_zip_and_traced_batch_norm_files_are_refused_with_what_to_do()
    {
        var folder = Directory.CreateTempSubdirectory("batchlab-ts-bad-").FullName;
        Assert.Contains("does not exist; export one with torch.jit.script", Assert.Throws<BatchLabException>(() => TorchScriptFile.Load(Path.Combine(folder, "none.pt"))).Message);

        File.WriteAllText(Path.Combine(folder, "text.pt"), "not a model");
        Assert.Contains("is not a TorchScript file (not a zip archive)", Assert.Throws<BatchLabException>(() => TorchScriptFile.Load(Path.Combine(folder, "text.pt"))).Message);

        // What torch.jit.trace writes for BatchNorm: the training flag as a constant, never self.training.
        var traced = Path.Combine(folder, "traced.pt");
        using (var zip = ZipFile.Open(traced, ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("traced/code/__torch__/m.py").Open()))
        {
            writer.Write("input = torch.batch_norm(argument_1, weight, bias, running_mean, running_var, True, 0.1, 1e-05, True)");
        }

        var e = Assert.Throws<BatchLabException>(() => TorchScriptFile.Load(traced));
        Assert.Contains("was exported with torch.jit.trace, which freezes its BatchNorm", e.Message);
        Assert.Contains("export it with torch.jit.script", e.Message);
    }

    [Fact]
    public void Saving_a_zoo_model_as_pt_is_refused_before_training()
    {
        var e = Assert.Throws<BatchLabException>(() => BatchLab.Training.Outputs.TrainedModelFile.Check("out/w.pt", "mlp:256"));

        Assert.Contains("save its weights as .safetensors", e.Message);
        BatchLab.Training.Outputs.TrainedModelFile.Check("out/w.pt", "torchscript:model.pt");
        BatchLab.Training.Outputs.TrainedModelFile.Check("out/w.safetensors", "mlp:256");
    }

    static Dataset TinyImages()
    {
        manual_seed(9);
        var x = randn(160, 1, 28, 28);
        var y = x.mean([1, 2, 3]).Gt(0).to_type(ScalarType.Int64).Add(x.narrow(3, 0, 14).mean([1, 2, 3]).Gt(0).to_type(ScalarType.Int64));
        return new Dataset
        {
            Name = "tiny-images",
            Task = TaskKind.Classification,
            Classes = 10,
            SampleShape = [1, 28, 28],
            Train = new TensorSplit(x.narrow(0, 0, 128), y.narrow(0, 0, 128)),
            Validation = new TensorSplit(x.narrow(0, 128, 16), y.narrow(0, 128, 16)),
            Test = new TensorSplit(x.narrow(0, 144, 16), y.narrow(0, 144, 16)),
            Provenance = "random",
        };
    }

    sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(float value) => 0;
    }
}
