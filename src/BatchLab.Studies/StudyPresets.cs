using BatchLab.Data;
using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Runs;
using BatchLab.Saddle;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;
using BatchLab.Training.Optimizers;

namespace BatchLab.Studies;

/// <summary>
/// The studies `batchlab study --preset` knows. Each is a sweep plus diagnostics; the data set and
/// model can be overridden (the grid stays). Durations were measured on the reference machine
/// (2 cores) and are stated in each preset's description.
/// </summary>
public static class StudyPresets
{
    public static IReadOnlyList<string> Names { get; } = ["quick", "cnn", "smoke", "adaptive", "keskar", "keskar-cifar", "masters", "shallue"];

    /// <summary>The preset <paramref name="name"/>; <paramref name="prune"/> false trains every trial to the end (for replications).</summary>
    public static StudyPreset Get(string name, string? data = null, string? model = null, bool prune = true)
    {
        var preset = Build(name, data, model);
        return prune ? preset : WithoutPruning(preset);
    }

    /// <summary>The study with every trial trained to the end (replications: `--no-prune`).</summary>
    public static StudyPreset WithoutPruning(StudyPreset preset) =>
        preset with { Sweep = new SweepSpec(preset.Sweep.Base with { Train = preset.Sweep.Base.Train with { Pruning = null } }, preset.Sweep.Axes) };

    static StudyPreset Build(string name, string? data, string? model) => name.Trim().ToLowerInvariant() switch
    {
        "quick" => Quick(data ?? "mnist", model ?? "mlp:256"),
        "cnn" => Cnn(data ?? "fashion-mnist", model ?? "lenet5"),
        "smoke" => Smoke(data ?? "mnist", model ?? "mlp:32"),
        "adaptive" => Adaptive(data ?? "mnist", model ?? "mlp:256"),
        "keskar" => Keskar(data ?? "mnist", model ?? "keskar-f1"),
        "keskar-cifar" => KeskarCifar.Preset(data ?? KeskarCifar.DefaultData, model ?? "keskar-c1"),
        "masters" => Masters(data ?? "mnist", model ?? "mlp:256"),
        "shallue" => Shallue(data ?? "mnist", model ?? "simple-cnn"),
        _ => throw new BatchLabException($"unknown preset '{name}'; choose one of {string.Join(", ", Names)}"),
    };

    static GridAxis Axis(string axis, string values) => GridAxis.Parse(axis, values, "preset");

    static RunSpec Base(string data, string model, DataOptions? dataOptions = null, TrainOptions? train = null) =>
        new(data, dataOptions ?? DataOptions.Default, model, train ?? new TrainOptions());

    /// <summary>MNIST, a small MLP, plain SGD, 6 batch sizes × 5 per-sample rates × 2 seeds, plus every diagnostic.</summary>
    static StudyPreset Quick(string data, string model) => new(
        "quick",
        "Plain SGD (Masters & Luschi) over B = 2 … 2048 and η̃ = 2⁻¹⁰ … 2⁻² with 2 seeds, 3 epochs each, steps to val_error ≤ 0.05 recorded on the way; every diagnostic",
        "about 3 minutes on 2 cores budgeted, 5 with --exhaustive (docs/studies.md)",
        new SweepSpec(
            Base(data, model, train: new TrainOptions
            {
                Optimizer = new OptimizerOptions(OptimizerKind.Sgd),
                LearningRate = new LearningRateOptions(BaseLr: 1.0 / 64),
                Pruning = Pruning.Default,
                Budget = new Budget(Epochs: 3),
                EvalEvery = Duration.Epochs(0.1),
                TrainEvalSamples = 5000,
                Target = new Target("val_error", 0.05, Stop: false),
                Screen = EvalScreen.Default,
            }),
            [Axis("seed", "0,1"), Axis("batch", "2,8,32,128,512,2048"), Axis("base_lr", "2^-10..2^-2:2")]),
        new StudyDiagnosticsOptions
        {
            Throughput = new ThroughputOptions { Seconds = 0.15, Repeats = 3 },
            Noise = new NoiseScaleOptions { Draws = 30, Resamples = 300 },
            // Over the whole training set, as the noise diagnostic: both measure the same B_simple, so the report can reconcile them.
            Agreement = new AgreementOptions { Draws = 16, Largest = 4096, Noise = new NoiseScaleOptions { Draws = 20, Resamples = 200 } },
            Sharpness = new SharpnessOptions { Samples = 10_000, Eigenvalues = 3, LanczosSteps = 15, Iterations = 10 },
            MemoryLimit = 4L << 30,
            MemoryMeasured = [64, 1024],
            Saddle = new SaddleEscapeOptions(),
        });

    /// <summary>
    /// A first realistic preset: LeNet-5 on Fashion-MNIST (a 30,000-sample slice of its training
    /// set, so a budgeted study fits 10 minutes on 2 cores), plain SGD, 4 batch sizes × 4
    /// per-sample rates × 2 seeds, 2 epochs, steps to val_error ≤ 0.2 recorded on the way;
    /// throughput, noise scale and memory. Meant to run budgeted (the default).
    /// </summary>
    static StudyPreset Cnn(string data, string model) => new(
        "cnn",
        "LeNet-5 on Fashion-MNIST (30,000 training samples), plain SGD over B = 8 … 512 and η̃ = 2⁻⁹ … 2⁻³ with 2 seeds, 2 epochs each, steps to val_error ≤ 0.2 recorded on the way; throughput, noise scale and memory",
        "about 12 minutes on 2 cores budgeted (docs/studies.md)",
        new SweepSpec(
            Base(data, model, new DataOptions { TrainSubset = 30_000 }, new TrainOptions
            {
                Optimizer = new OptimizerOptions(OptimizerKind.Sgd),
                LearningRate = new LearningRateOptions(BaseLr: 1.0 / 128),
                Pruning = Pruning.Default,
                Budget = new Budget(Epochs: 2),
                EvalEvery = Duration.Epochs(0.1),
                TrainEvalSamples = 5000,
                Target = new Target("val_error", 0.2, Stop: false),
            }),
            [Axis("seed", "0,1"), Axis("batch", "8,32,128,512"), Axis("base_lr", "2^-9..2^-3:2")]),
        new StudyDiagnosticsOptions
        {
            Throughput = new ThroughputOptions { Batches = [8, 32, 128, 512], Seconds = 0.15, Repeats = 3 },
            Noise = new NoiseScaleOptions { Draws = 20, Resamples = 200 },
            MemoryLimit = 4L << 30,
            MemoryMeasured = [64],
        });

    /// <summary>A tiny study for tests and CI: a 2,000-sample slice of the data, 3 × 2 grid, 1 seed, tiny diagnostics.</summary>
    static StudyPreset Smoke(string data, string model) => new(
        "smoke",
        "A tiny study for tests: 2,000 training samples, B = 4, 32, 256 × η̃ = 2⁻⁶, 2⁻³, one seed, small diagnostics",
        "about 25 s on 2 cores (24 measured, docs/studies.md)",
        new SweepSpec(
            Base(data, model, new DataOptions { Validation = 500, TrainSubset = 2000, TestSubset = 1000 }, new TrainOptions
            {
                LearningRate = new LearningRateOptions(BaseLr: 1.0 / 64),
                Pruning = Pruning.Default,
                Budget = new Budget(Epochs: 2),
                EvalEvery = Duration.Epochs(0.25),
                Target = new Target("val_error", 0.3, Stop: false),
            }),
            [Axis("seed", "0"), Axis("batch", "4,32,256"), Axis("base_lr", "2^-6,2^-3")]),
        new StudyDiagnosticsOptions
        {
            Throughput = new ThroughputOptions { Batches = [1, 16, 256], Seconds = 0.05, Repeats = 2, MatmulSize = 256 },
            Noise = new NoiseScaleOptions { Batches = [8, 64], Draws = 8, Resamples = 100 },
            Agreement = new AgreementOptions { Batches = [1, 10, 100, 1000], Draws = 4, Population = 1000, Noise = new NoiseScaleOptions { Batches = [8, 64], Draws = 8, Resamples = 100 } },
            Sharpness = new SharpnessOptions { Samples = 500, Eigenvalues = 2, LanczosSteps = 6, PowerIterations = 5, Epsilons = [1e-3], SubspaceDimension = 10, Iterations = 3, Alphas = LineInterpolation.Alphas(-1, 2, 7) },
            MemoryLimit = 1L << 30,
            MemorySearch = false,
            Saddle = new SaddleEscapeOptions { Seeds = 2, Batches = [1, 16], StepBudget = 1500 },
        });

    /// <summary>
    /// Small early, large late: the goodput (Pollux) and schedule (Smith et al. 2018) policies from
    /// B₀ = 32 beside fixed B = 32, 128 and 512 at the same η̃, and beside the schedule's decaying
    /// twin (Smith et al.'s comparison: B = 32 with η ÷ 2 at the drops), to the same target, 2 seeds each.
    /// Only the throughput stage of the diagnostics runs (the report's time-to-target section needs it).
    /// </summary>
    static StudyPreset Adaptive(string data, string model) => new(
        "adaptive",
        "Adaptive batch size: goodput and schedule policies from B₀ = 32 against fixed B = 32, 128, 512 and the schedule's decaying twin (B = 32, η ÷ 2 where the schedule doubles B), plain SGD at η̃ = 2⁻⁸, 2 seeds, to val_error ≤ 0.03 within 4 epochs",
        "about 3 minutes on 2 cores (188 s measured on a loaded machine with the decaying twin, 83 s before it; docs/studies.md)",
        new SweepSpec(
            Base(data, model, train: new TrainOptions
            {
                LearningRate = new LearningRateOptions(BaseLr: 1.0 / 256),
                Pruning = Pruning.Default,
                Budget = new Budget(Epochs: 4),
                EvalEvery = Duration.Epochs(0.1),
                Target = new Target("val_error", 0.03),
            }),
            // decay:… is Smith et al.'s twin of the schedule policy: B = 32 throughout, η ÷ 2 at the
            // fractions of the budget where the policy doubles B (the same samples at a fixed B; the policy's defaults are factor 2 and drops 0.5/0.75).
            [Axis("seed", "0,1"), Axis("batch", "32,128,512,adaptive:policy=goodput,min=32,max=2048,adaptive:policy=schedule,min=32,max=512,decay:b=32,factor=2,drops=0.5/0.75")]),
        new StudyDiagnosticsOptions
        {
            Throughput = new ThroughputOptions { Batches = [32, 128, 512], Seconds = 0.3, Repeats = 3 },
        });

    /// <summary>
    /// Keskar et al. 2017, network F1 on MNIST: Adam, small batch 256 against large batch = 10% of
    /// the training set, 5 seeds; accuracy and ε-sharpness of every solution beside their Tables 2 and 3.
    /// </summary>
    static StudyPreset Keskar(string data, string model) => new(
        "keskar",
        "Keskar et al. 2017: network F1, Adam (η = 0.001), B = 256 vs B = 5,500 (10% of the 55,000 training samples), 5 seeds, 20 epochs; train/test accuracy and ε-sharpness of each solution beside the paper",
        "40 to 60 minutes on 2 cores (59 measured on a busy machine: sweep 41, diagnostics 18; docs/studies.md)",
        new SweepSpec(
            Base(data, model, train: new TrainOptions
            {
                Optimizer = new OptimizerOptions(OptimizerKind.Adam),
                LearningRate = new LearningRateOptions(Lr: 0.001),
                Pruning = Pruning.Default,
                Budget = new Budget(Epochs: 20),
            }),
            [Axis("seed", "0,1,2,3,4"), Axis("batch", "256,5500")]),
        new StudyDiagnosticsOptions
        {
            Throughput = new ThroughputOptions { Batches = [16, 64, 256, 1024, 5500], Seconds = 0.2, Repeats = 3 },
            Sharpness = new SharpnessOptions { Samples = 10_000, Eigenvalues = 3, Iterations = 10 },
            MemoryLimit = 4L << 30,
            Saddle = new SaddleEscapeOptions(),
        },
        new PaperReference(
            "Keskar, Mudigere, Nocedal, Smelyanskiy, Tang: On Large-Batch Training for Deep Learning: Generalization Gap and Sharp Minima (ICLR 2017), network F1",
            [
                new PaperValue("test accuracy %", "small batch (256)", 98.03, 0.07),
                new PaperValue("test accuracy %", "large batch (10%)", 97.81, 0.07),
                new PaperValue("ε-sharpness, full space, ε = 1e-3", "small batch (256)", 1.23, null),
                new PaperValue("ε-sharpness, full space, ε = 1e-3", "large batch (10%)", 205.14, null),
            ]));

    /// <summary>Masters &amp; Luschi 2018: plain SGD, the same epochs for every m, m = 1 … 1024 and full, η̃ = 2^-12 … 2^0.</summary>
    static StudyPreset Masters(string data, string model) => new(
        "masters",
        "Masters & Luschi 2018: plain SGD, 5 epochs for every m, m = 1, 2, 4, …, 1024 and full, η̃ = 2⁻¹² … 2⁰ (13 rates), one seed",
        "many hours on 2 cores (B = 1 alone is 275,000 updates per rate); run with --workers on several machines",
        new SweepSpec(
            Base(data, model, train: new TrainOptions
            {
                Optimizer = new OptimizerOptions(OptimizerKind.Sgd),
                LearningRate = new LearningRateOptions(BaseLr: 1.0 / 64),
                Pruning = Pruning.Default,
                Budget = new Budget(Epochs: 5),
                TrainEvalSamples = 10_000,
            }),
            [Axis("seed", "0"), Axis("batch", "1,2,4,...,1024,full"), Axis("base_lr", "2^-12..2^0")]),
        new StudyDiagnosticsOptions
        {
            Throughput = new ThroughputOptions(),
            Noise = new NoiseScaleOptions(),
            MemoryLimit = 4L << 30,
        });

    /// <summary>Shallue et al. 2018: steps to a validation-error target for every B, the learning rate tuned per B.</summary>
    static StudyPreset Shallue(string data, string model)
    {
        var target = data.StartsWith("fashion", StringComparison.OrdinalIgnoreCase) ? 0.10 : 0.01;
        return new StudyPreset(
            "shallue",
            $"Shallue et al. 2018: steps to val_error ≤ {target} for B = 1, 4, 16, …, 4096 and full, SGD with momentum 0.9 and η tuned per B over 2⁻⁸ … 2⁰, 10 epochs at most, stopping at the target",
            "many hours on 2 cores; run with --workers on several machines",
            new SweepSpec(
                Base(data, model, train: new TrainOptions
                {
                    Optimizer = new OptimizerOptions(OptimizerKind.Sgd, Momentum: 0.9),
                    LearningRate = new LearningRateOptions(Lr: 0.01),
                    Pruning = Pruning.Default,
                    Budget = new Budget(Epochs: 10),
                    EvalEvery = Duration.Epochs(0.05),
                    TrainEvalSamples = 5000,
                    Target = new Target("val_error", target, Stop: true),
                }),
                [Axis("seed", "0"), Axis("batch", "1,4,16,...,4096,full"), Axis("lr", "2^-8..2^0")]),
            new StudyDiagnosticsOptions
            {
                Throughput = new ThroughputOptions(),
                Noise = new NoiseScaleOptions(),
                MemoryLimit = 4L << 30,
            });
    }
}
