using BatchLab.Data;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Runs;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;
using BatchLab.Training.Optimizers;

namespace BatchLab.Studies;

/// <summary>
/// Keskar et al. 2017 on CIFAR-10, network C1 (their shallow convolutional net): Adam, small batch
/// 256 against large batch 10% of the training set, accuracy and ε-sharpness of every solution
/// beside their Table 2. Cut to fit a CPU: 3 seeds and 10 epochs (the paper trained to convergence).
/// CIFAR-10 is placed by hand (see the README); the default folder is the data cache's cifar10/.
/// </summary>
public static class KeskarCifar
{
    /// <summary>CIFAR-10 from the data cache's cifar10/ folder, where the files are placed by hand.</summary>
    public const string DefaultData = "cifar10";

    public static StudyPreset Preset(string data, string model) => new(
        "keskar-cifar",
        "Keskar et al. 2017 on CIFAR-10: network C1, Adam (η = 0.001), B = 256 vs B = 4,500 (10% of the 45,000 training images), 3 seeds, 10 epochs; test accuracy and ε-sharpness of each solution beside the paper",
        "several hours on 2 cores (estimated from C1's 0.19 GFLOP per training sample: about 1.5 minutes per epoch, 60 epochs of training plus the sharpness of 6 solutions); not measured",
        new SweepSpec(
            new RunSpec(data, DataOptions.Default, model, new TrainOptions
            {
                Optimizer = new OptimizerOptions(OptimizerKind.Adam),
                LearningRate = new LearningRateOptions(Lr: 0.001),
                Budget = new Budget(Epochs: 10),
                TrainEvalSamples = 10_000,
            }),
            [GridAxis.Parse("seed", "0,1,2", "preset"), GridAxis.Parse("batch", "256,4500", "preset")]),
        new StudyDiagnosticsOptions
        {
            Throughput = new ThroughputOptions { Batches = [16, 64, 256, 1024, 4500], Seconds = 0.2, Repeats = 3 },
            Sharpness = new SharpnessOptions { Samples = 5_000, Eigenvalues = 3, Iterations = 10 },
            MemoryLimit = 4L << 30,
        },
        new PaperReference(
            "Keskar, Mudigere, Nocedal, Smelyanskiy, Tang: On Large-Batch Training for Deep Learning: Generalization Gap and Sharp Minima (ICLR 2017), network C1 on CIFAR-10, Table 2",
            [
                new PaperValue("test accuracy %", "small batch (256)", 80.04, 0.12),
                new PaperValue("test accuracy %", "large batch (10%)", 77.26, 0.42),
            ]));
}
