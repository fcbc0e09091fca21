// A whole study — sweep, diagnostics, analysis and report — on your own TorchSharp module and
// your own tensors, from the library alone (no CLI): which batch size should this model train
// with on this machine, and why? About 15 seconds on 2 cores.
//
//   dotnet run --project samples/OwnStudy -- [report folder]
using BatchLab.Data;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using BatchLab.Reporting;
using BatchLab.Reporting.Document;
using BatchLab.Reporting.Sections;
using BatchLab.Runs;
using BatchLab.Runtime;
using BatchLab.Storage.Sql;
using BatchLab.Studies;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Workers;
using BatchLab.Training;
using static TorchSharp.torch;

var outDir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "batchlab-own-study");

// Your data: any tensors, registered under a name the study's trials refer to.
DataCatalog.Register("my-data", "4,000 points in 20 dimensions labelled by a hidden rule", _ =>
{
    using var generator = new Generator(7, CPU);
    var x = randn([4000, 20], generator: generator);
    var y = x.narrow(1, 0, 5).sum(dim: 1).Gt(0).to_type(ScalarType.Int64);
    return new Dataset
    {
        Name = "my-data",
        Task = TaskKind.Classification,
        Classes = 2,
        SampleShape = [20],
        Train = new TensorSplit(x.narrow(0, 0, 3000), y.narrow(0, 0, 3000)),
        Validation = new TensorSplit(x.narrow(0, 3000, 500), y.narrow(0, 3000, 500)),
        Test = new TensorSplit(x.narrow(0, 3500, 500), y.narrow(0, 3500, 500)),
        Provenance = "samples/OwnStudy",
    };
});

// Files work as well, with no registration: data "csv:my.csv,label=y", "images:DIR",
// "safetensors:data.safetensors" or "cifar10:DIR", and model "torchscript:model.pt" (exported from
// PyTorch with torch.jit.script). StudyRunner.Analyse(name, store) reports on any stored study.

// Your model: any Module<Tensor, Tensor> with one logit per class, built for the data's input.
ModelCatalog.Register("my-net", "20 → 64 → 2 with ReLU", new ModelInput([20], 2), input =>
    nn.Sequential(("fc1", nn.Linear(input.SampleShape[0], 64)), ("relu", nn.ReLU()), ("fc2", nn.Linear(64, input.Outputs))));

// The question: plain SGD at B = 4 … 256 and three per-sample rates, two seeds, 3 epochs each;
// steps to 10% validation error recorded on the way; throughput and noise scale measured too.
var preset = new StudyPreset(
    "own",
    "my-net on my-data: B = 4, 16, 64, 256 × η̃ = 2^-8, 2^-6, 2^-4 × 2 seeds, 3 epochs",
    "about 15 seconds on 2 cores",
    new SweepSpec(
        new RunSpec("my-data", DataOptions.Default, "my-net", new TrainOptions
        {
            Budget = new Budget(Epochs: 3),
            EvalEvery = Duration.Epochs(0.25),
            Target = new Target("val_error", 0.10, Stop: false),
        }),
        [GridAxis.Parse("seed", "0,1", "seed"), GridAxis.Parse("batch", "4,16,64,256", "batch"), GridAxis.Parse("base_lr", "2^-8..2^-4:2", "base_lr")]),
    new StudyDiagnosticsOptions
    {
        Throughput = new ThroughputOptions { Batches = [1, 4, 16, 64, 256, 1024], Seconds = 0.1, Repeats = 3 },
        Noise = new NoiseScaleOptions { Batches = [16, 256], Draws = 20, Resamples = 200 },
    });

// Trials live in a store (rerun to resume); this one is an SQLite file, trained in this process.
Directory.CreateDirectory(outDir);
using var store = ExperimentStores.Open($"sqlite:{Path.Combine(outDir, "study.db")}");
var run = StudyRunner.Run(preset, "own-study", store, new InProcessSweep(), new StudyRunOptions { Log = Console.Error.WriteLine });
if (run.Analysis is not { } analysis)
{
    Console.Error.WriteLine($"the sweep ended {run.Sweep}; rerun to resume");
    return 1;
}

var document = StudyReport.Build(analysis, new ReportMetadata { Created = DateTimeOffset.Now, Preset = preset.Name, WallSeconds = run.Seconds });
var files = ReportWriter.Write(document, outDir);
var r = analysis.Recommendation;
Console.WriteLine($"recommendation: B = {r.Batch}, M = {r.MicroBatch}{(r.LearningRate is double lr ? $", η = {lr:G3}" : "")}");
foreach (var reason in r.Reasons)
{
    Console.WriteLine($"  - {reason}");
}

Console.WriteLine($"report: {files.Html}");
return 0;
