using BatchLab.Data;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Runs;
using BatchLab.Runtime;
using BatchLab.Storage.Sql;
using BatchLab.Studies;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Workers;
using BatchLab.Tests.Data.Own;
using BatchLab.Tests.Support;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>
/// A study runs on the user's own data in each format: a B grid over tiny generated files, every
/// trial trained and analysed, with throughput and noise measured on the same data and model.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class OwnDataStudyTests
{
    public static TheoryData<string, string> Formats => new()
    {
        { "csv", "mlp:16" },
        { "images", "mlp:16" },
        { "cifar10", "keskar-c1" },
        { "torchscript", "torchscript" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_study_runs_on_each_format(string format, string model)
    {
        var folder = OwnDataFiles.Folder();
        var data = format switch
        {
            "csv" => $"csv:{OwnDataFiles.Csv(folder, 90)}",
            "images" => $"images:{OwnDataFiles.Images(folder, each: 24, side: 8)}",
            "cifar10" => Cifar(folder),
            _ => $"csv:{OwnDataFiles.Csv(folder, 90)}",
        };
        if (model == "torchscript")
        {
            // The committed MLP takes 28×28 images and gives 10 logits: a safetensors file of such images stands in.
            TorchSharp.torch.manual_seed(1);
            using var x = TorchSharp.torch.randn(80, 1, 28, 28);
            using var y = ScalarOps.Arange(80).Remainder(10);
            data = $"safetensors:{OwnDataFiles.Safetensors(folder, ("x", x), ("y", y))}";
            model = $"torchscript:{RepositoryFiles.TorchScript("mlp.pt")}";
        }

        var spec = new SweepSpec(
            new RunSpec(data, new DataOptions { Validation = 8 }, model, new TrainOptions { Budget = new Budget(Epochs: 2), LearningRate = new LearningRateOptions(Lr: 0.05) }),
            [GridAxis.Parse("batch", "4,16", "batch")]);
        var preset = CustomStudy.Of(spec, new StudyDiagnosticsOptions
        {
            Throughput = new ThroughputOptions { Batches = [1, 8], Seconds = 0.02, Repeats = 1, MatmulSize = 64 },
            Noise = new NoiseScaleOptions { Batches = [2, 8], Draws = 3, Resamples = 20 },
        });
        using var store = ExperimentStores.Open($"sqlite:{Path.Combine(folder, "study.db")}");

        var run = StudyRunner.Run(preset, "own", store, new InProcessSweep());

        var analysis = Assert.IsType<StudyAnalysis>(run.Analysis);
        Assert.Equal(2, analysis.Trials.Count);
        Assert.All(analysis.Trials, t => Assert.True(double.IsFinite(t.FinalOr("test_loss")), $"B = {t.Batch}"));
        Assert.Equal([4L, 16L], analysis.Generalization.ByBatch.Select(b => b.Batch).Order());
        Assert.NotNull(analysis.Diagnostics.Throughput);
        Assert.True(analysis.Diagnostics.NoiseAtInit!.Estimate.NoiseScale is double scale && !double.IsNaN(scale));
        Assert.Contains(analysis.Recommendation.Batch, new long[] { 4, 16 });
    }

    static string Cifar(string folder)
    {
        OwnDataFiles.Cifar10(Path.Combine(folder, "cifar-10-batches-bin"), perFile: 12);
        return $"cifar10:{folder}";
    }
}
