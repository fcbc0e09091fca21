using BatchLab.Reporting.Document;
using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Tests.Reporting;

/// <summary>
/// A report shaped like a full study: nine sections with every kind of figure (log axes, bands,
/// dashed fits, markers, gaps, a heatmap with missing and flagged cells) and tables with NaN and
/// diverged cells. The numbers follow the textbook curves, not a measurement.
/// </summary>
internal static class ReportFixture
{
    static readonly double[] Batches = [.. Enumerable.Range(0, 11).Select(i => Math.Pow(2, i + 2))];
    static readonly double[] Wide = [.. Enumerable.Range(0, 16).Select(i => Math.Pow(2, i))];
    static readonly double[] Rates = [.. Enumerable.Range(0, 9).Select(i => Math.Pow(2, i - 10))];

    public static ReportDocument NineSections() => new(
        "Which batch size for mlp:256 on MNIST?",
        new ReportMetadata
        {
            Machine = "AMD Zen 5, 2 cores, 24 GiB, no GPU",
            Created = new DateTimeOffset(2025, 6, 1, 14, 3, 0, TimeSpan.Zero),
            CommandLine = "batchlab study --data mnist --model mlp:256 --preset quick --out reports/quick",
            Preset = "quick",
            WallSeconds = 874.2,
            Version = "0.1.0",
        },
        [Generalization(), Steps(), Time(), Throughput(), Noise(), Sharpness(), Memory(), Saddle(), Recommendation()])
    {
        Subtitle = "A batch × learning-rate grid with 2 seeds, plus diagnostics",
        Answer = new ReportAnswer("Train with B = 256, M = 256 and η = 4 per update (η̃ = 2^-6 per sample). It should reach val_error ≤ 0.05 in about 6.36 s of training on this machine.")
        {
            Figures =
            [
                new KeyFigure("batch B", "256", 256) { Key = "batch" },
                new KeyFigure("micro-batch M", "256", 256) { Key = "micro_batch" },
                new KeyFigure("learning rate η", "4", 4) { Key = "learning_rate" },
                new KeyFigure("expected time to target here", "6.36 s", 6.36) { Key = "expected_seconds_to_target" },
                new KeyFigure("confidence", "moderate") { Key = "confidence" },
            ],
            Confidence = "2 seeds per grid point; 3 of 11 batch sizes are within the seed spread of the lowest validation error (2.00% at B = 4), so time to the target decided among them.",
            Reasons = ["B = 256 reaches the target soonest among the batch sizes within the seed spread of the best.", "B = 256 is below B_crit ≈ 310.", "M = B = 256 fits in memory.", "η = B·η̃ = 256 × 2^-6 = 4."],
            Caveats = ["Only 2 seeds per grid point: differences smaller than the spread between seeds are noise.", "Times are measured on this machine; on another one the fastest batch size can differ."],
            DetailsSection = "recommendation",
        },
    };

    static ReportSection Generalization()
    {
        // Error grows with B and with the distance from the best rate 2^-6; η = B·η̃ above 8 diverges;
        // the two smallest rates were not run at the smallest batch.
        var errors = Batches.Select(b => Rates.Select(r =>
            Math.Log2(r * b) > 3 || (b == 4 && r < 0.002) ? double.NaN : 0.02 + (0.0015 * Math.Log2(b / 4)) + (0.0015 * Math.Abs(Math.Log2(r) + 6))).ToArray()).ToArray();
        var diverged = Enumerable.Range(0, Batches.Length).SelectMany(b => Enumerable.Range(0, Rates.Length).Where(r => Math.Log2(Rates[r] * Batches[b]) > 3).Select(r => (b, r))).ToList();
        var best = errors.Select(row => row.Where(double.IsFinite).Min()).ToArray();
        var table = new DataTable("generalization_grid", ["batch", "base_lr", "test_error", "seeds"],
            [.. Batches.SelectMany((b, i) => Rates.Select((r, j) => (Run: b != 4 || r >= 0.002, Row: (IReadOnlyList<object?>)[(int)b, r, errors[i][j], 2])).Where(c => c.Run).Select(c => c.Row))]);
        return new ReportSection("generalization", "Generalization vs batch size",
            $"The best test error rises from {NumberFormat.Percent(1).Format(best[0])} at B = 4 to {NumberFormat.Percent(1).Format(best[^1])} at B = 4096 (median over 2 seeds). Masters & Luschi found the best at m = 2..32; here the best is at B = 4, consistent with them.")
        {
            KeyFigures = [KeyFigure.Of("best B", 4, NumberFormat.Integer), KeyFigure.Of("best test error", best[0], NumberFormat.Percent(2)), new KeyFigure("diverged runs", $"{diverged.Count} of {table.Rows.Count}")],
            Figures =
            [
                new ReportFigure(new PlotSpec("generalization_best", "Best test error vs batch size", new Axis("batch size B", AxisScale.Log2), new Axis("test error", AxisScale.Log10),
                    [new Series("median over seeds", Batches, best, Low: [.. best.Select(m => m * 0.95)], High: [.. best.Select(m => m * 1.05)])]),
                    "Median best test error over the learning-rate grid; the band spans the seeds."),
                new ReportFigure(new PlotSpec("generalization_heatmap", "Final test error", new Axis("base learning rate η̃"), new Axis("batch size B"), [],
                    Heatmap: new Heatmap([.. Rates.Select(r => $"2^{Math.Log2(r)}")], [.. Batches.Select(b => $"{b}")], errors, "test error", diverged, "diverged")),
                    "Crossed cells diverged; grey cells were not run. The best rate is 2^-6 at every batch size."),
            ],
            Tables = [new ReportTable(table, "Final test error for every batch size and base learning rate.") { Formats = new Dictionary<string, NumberFormat> { ["test_error"] = NumberFormat.Percent(2).WithNonFinite("diverged"), ["base_lr"] = NumberFormat.Scientific(2) } }],
            Notes = ["Each cell trains for the same number of epochs, as in Masters & Luschi 2018."],
        };
    }

    static ReportSection Steps()
    {
        const double sMin = 420, bNoise = 310;
        var steps = Batches.Select(b => sMin * (1 + (bNoise / b))).ToArray();
        return new ReportSection("steps", "Steps and samples to target",
            "Steps to 1% validation error halve with each doubling up to B ≈ 128 and level off at 420 beyond 1024: B_crit = E_min/S_min ≈ 310.")
        {
            KeyFigures = [KeyFigure.Of("B_crit", 310.4, NumberFormat.General, "samples"), KeyFigure.Of("S_min", sMin, NumberFormat.Integer, "steps"), KeyFigure.Of("E_min", sMin * bNoise, NumberFormat.Integer, "samples")],
            Figures =
            [
                new ReportFigure(new PlotSpec("steps_to_target", "Steps to target vs batch size", new Axis("batch size B", AxisScale.Log2), new Axis("steps", AxisScale.Log10),
                    [new Series("measured", Batches, [.. steps.Select((s, i) => i == 9 ? double.NaN : s * (1 + (0.05 * Math.Sin(i))))], SeriesStyle.Markers),
                     new Series("fit S_min(1 + B_noise/B)", Batches, steps, SeriesStyle.Line),
                     new Series("perfect scaling", Batches, [.. Batches.Select(b => sMin * bNoise / b)], SeriesStyle.Dashed)],
                    [new Marker(310.4, "B_crit")]),
                    "Markers are measurements (B = 2048 never reached the target); the line is the fit."),
            ],
            Tables = [new ReportTable(new DataTable("steps_to_target", ["batch", "steps", "samples"], [.. Batches.Select((b, i) => (IReadOnlyList<object?>)[(int)b, i == 9 ? double.NaN : steps[i], i == 9 ? double.NaN : steps[i] * b])]), "Steps and samples to reach 1% validation error.")
            { Formats = new Dictionary<string, NumberFormat> { ["steps"] = NumberFormat.Integer.WithNonFinite("not reached"), ["samples"] = NumberFormat.Integer.WithNonFinite("not reached") } }],
        };
    }

    static ReportSection Time()
    {
        var seconds = Batches.Select(b => 420 * (1 + (310 / b)) * (0.004 + (b / 90000))).ToArray();
        var fastest = Array.IndexOf(seconds, seconds.Min());
        return new ReportSection("time", "Time to target on this machine",
            $"Wall-clock time to target is shortest at B = {Batches[fastest]} ({NumberFormat.Duration.Format(seconds[fastest])}), although steps keep falling up to B = 4096: large batches cost more per update than they save in updates here.")
        {
            KeyFigures = [KeyFigure.Of("fastest B", Batches[fastest], NumberFormat.Integer), KeyFigure.Of("time to target", seconds[fastest], NumberFormat.Duration)],
            Figures = [new ReportFigure(new PlotSpec("time_to_target", "Time to target vs batch size", new Axis("batch size B", AxisScale.Log2), new Axis("seconds", AxisScale.Log10),
                [new Series("updates × time per update", Batches, seconds)], [new Marker(Batches[fastest], "fastest")]), "Updates to target times the measured time per update.")],
            Tables = [new ReportTable(new DataTable("time_to_target", ["batch", "seconds"], [.. Batches.Select((b, i) => (IReadOnlyList<object?>)[(int)b, seconds[i]])]), "Time to target.") { Formats = new Dictionary<string, NumberFormat> { ["seconds"] = NumberFormat.Duration } }],
        };
    }

    static ReportSection Throughput()
    {
        var rate = Batches.Select(b => 180000 * b / (b + 96)).ToArray();
        return new ReportSection("throughput", "Hardware throughput",
            "Throughput reaches 90% of its plateau at B = 860 (the knee); at B = 4096 it uses 38% of the machine's measured 195 GFLOP/s ceiling.")
        {
            KeyFigures = [KeyFigure.Of("knee", 860, NumberFormat.Integer, "samples"), KeyFigure.Of("of ceiling", 0.38, NumberFormat.Percent(0))],
            Figures = [new ReportFigure(new PlotSpec("throughput", "Samples per second vs batch size", new Axis("batch size B", AxisScale.Log2), new Axis("samples/s", AxisScale.Log10),
                [new Series("measured", Batches, rate, Low: [.. rate.Select(r => r * 0.9)], High: [.. rate.Select(r => r * 1.08)])], [new Marker(860, "knee")]), "Median of 5 repetitions; the band spans them.")],
            Tables = [new ReportTable(new DataTable("throughput", ["batch", "samples_per_s", "fraction_of_ceiling"], [.. Batches.Select((b, i) => (IReadOnlyList<object?>)[(int)b, rate[i], rate[i] / 470000])]), "Throughput per batch size.")
            { Formats = new Dictionary<string, NumberFormat> { ["fraction_of_ceiling"] = NumberFormat.Percent(1) } }],
        };
    }

    static ReportSection Noise()
    {
        var steps = Enumerable.Range(1, 20).Select(i => i * 250.0).ToArray();
        return new ReportSection("noise", "Gradient noise",
            "The simple noise scale grows from 40 to 620 samples over training. Measured gradient agreement follows the prediction 1/√(1 + B_simple/B) within 0.05 at every B.")
        {
            Figures =
            [
                new ReportFigure(new PlotSpec("noise_scale", "Noise scale over training", new Axis("update"), new Axis("B_simple", AxisScale.Log10),
                    [new Series("B_simple", steps, [.. steps.Select(s => 40 * Math.Pow(s / 250, 0.9))], SeriesStyle.Line)]), "Estimated from B = 32 and B = 1024 every 250 updates."),
                new ReportFigure(new PlotSpec("agreement", "Mini-batch vs full-data gradient, mlp:256 (N = 20,000 of 55,000 training samples)", new Axis("batch size B", AxisScale.Log2), new Axis("cos(g_B, g)", Min: 0, Max: 1),
                    [new Series("best (B = 2, η̃ = 2^-8, seed 0): measured (± s.d.)", Wide, [.. Wide.Select(b => (1 / Math.Sqrt(1 + (300 / b))) - 0.02)], SeriesStyle.Markers),
                     new Series("best (B = 2, η̃ = 2^-8, seed 0): predicted, B_simple = 2.92E+03", Wide, [.. Wide.Select(b => 1 / Math.Sqrt(1 + (300 / b)))], SeriesStyle.Dashed)]), "Prediction from the measured B_simple = 300."),
            ],
            Tables = [new ReportTable(new DataTable("noise_draws", ["batch", "draw", "grad_sq_norm"], [.. Enumerable.Range(0, 90).Select(i => (IReadOnlyList<object?>)[8 << (i / 30), i % 30, 5.35e-5 * (i + 1)])]), "Noise draws") { CsvOnly = true }],
        };
    }

    static ReportSection Sharpness()
    {
        var alpha = Enumerable.Range(0, 41).Select(i => (i / 20.0) - 0.5).ToArray();
        return new ReportSection("sharpness", "Sharpness of the solutions",
            "Sharpness grows from 1.3 at B = 256 to 180 at B = 6000; Keskar et al. report 1.23 and 205.14 for F1.")
        {
            Figures =
            [
                new ReportFigure(new PlotSpec("sharpness_spectrum", "Top Hessian eigenvalues at smallest batch (B = 2, η̃ = 2^-8, seed 0) (Lanczos, 15 products)", new Axis("rank") { Integer = true }, new Axis("eigenvalue"),
                    [new Series("Lanczos", [1, 2, 3], [1.21, 0.93, 0.71], SeriesStyle.Markers)]), "The three largest eigenvalues of the Hessian of the training loss."),
                new ReportFigure(new PlotSpec("sharpness", "Sharpness vs batch size", new Axis("batch size B", AxisScale.Log2), new Axis("sharpness (ε = 1e-3)", AxisScale.Log10),
                    [new Series("median over seeds", Batches, [.. Batches.Select(b => 0.4 * Math.Pow(b, 0.7))], Low: [.. Batches.Select(b => 0.3 * Math.Pow(b, 0.7))], High: [.. Batches.Select(b => 0.5 * Math.Pow(b, 0.7))])]), "Keskar's ε-sharpness, 10 L-BFGS-B iterations."),
                new ReportFigure(new PlotSpec("interpolation", "Loss along the line between solutions", new Axis("α (0 = smallest B, 1 = largest B)"), new Axis("loss"),
                    [new Series("train", alpha, [.. alpha.Select(a => 0.05 + (2 * a * a * (1 - a) * (1 - a)) + (0.1 * a))], SeriesStyle.Line),
                     new Series("test", alpha, [.. alpha.Select(a => 0.09 + (2 * a * a * (1 - a) * (1 - a)) + (0.14 * a))], SeriesStyle.Dashed)]), "Train and test loss of (1−α)·w_small + α·w_large."),
            ],
            Tables = [new ReportTable(new DataTable("sharpness", ["solution", "batch", "sharpness", "paper"], [["small", 256, 1.31, 1.23], ["large", 6000, 180.2, 205.14]]), "Ours beside Keskar et al. 2017, Table 3.")
            { Formats = new Dictionary<string, NumberFormat> { ["sharpness"] = NumberFormat.Fixed(2), ["paper"] = NumberFormat.Fixed(2) } }],
        };
    }

    static ReportSection Memory()
    {
        string[] layers = ["input", "linear1", "relu1", "linear2", "loss"];
        double[] bytes = [3136, 1024, 1024, 40, 40];
        return new ReportSection("memory", "Memory",
            "Activations take 5.2 KiB per sample, 20% of it the input; with an 8 GiB budget the largest micro-batch is 1,300,000 samples, so memory does not limit B here.")
        {
            KeyFigures = [KeyFigure.Of("per sample", 5264, NumberFormat.Integer, "bytes"), KeyFigure.Of("largest micro-batch", 1.3e6, NumberFormat.Integer)],
            Figures = [new ReportFigure(new PlotSpec("memory_per_batch", "Peak memory vs micro-batch", new Axis("micro-batch M", AxisScale.Log2), new Axis("MiB", AxisScale.Log10),
                [new Series("measured", Batches, [.. Batches.Select(b => 40 + (b * 5264 / 1048576.0))]), new Series("model", Batches, [.. Batches.Select(b => 38 + (b * 5264 / 1048576.0))], SeriesStyle.Dashed)]), "Peak resident memory; the model adds parameters, gradients and optimizer state.")],
            Tables = [new ReportTable(new DataTable("memory_layers", ["layer", "bytes_per_sample", "share"], [.. layers.Select((l, i) => (IReadOnlyList<object?>)[l, bytes[i], bytes[i] / bytes.Sum()])]), "Activation memory per sample by layer.") { Formats = new Dictionary<string, NumberFormat> { ["share"] = NumberFormat.Percent(1) } }],
        };
    }

    static ReportSection Saddle()
    {
        var escape = Batches.Select(b => b > 1024 ? double.NaN : 120 + (40 * Math.Log2(b))).ToArray();
        return new ReportSection("saddle", "Escape from saddle points",
            "SGD left the saddle in 200 steps at B = 4 and needed 40 more per doubling of B; from B = 2048 on it did not escape within 5,000 steps, and gradient descent never did.")
        {
            Figures = [new ReportFigure(new PlotSpec("saddle_escape", "Steps to escape vs batch size", new Axis("batch size B", AxisScale.Log2), new Axis("steps"),
                [new Series("SGD median", Batches, escape)]), "Gaps: no escape within the budget.")],
            Tables = [new ReportTable(new DataTable("saddle_escape", ["method", "batch", "median_steps"], [.. Batches.Select((b, i) => (IReadOnlyList<object?>)["sgd", (int)b, escape[i]]), ["gd", null, double.PositiveInfinity]]), "Median steps to escape over 20 seeds.")
            { Formats = new Dictionary<string, NumberFormat> { ["median_steps"] = NumberFormat.Integer with { NanText = "no escape", InfinityText = "never" } } }],
            Notes = ["Orthogonal tensor decomposition (Ge et al. 2015), started exactly on a strict saddle."],
        };
    }

    static ReportSection Recommendation() => new("recommendation", "Recommendation",
        "Train with B = 256, micro-batch 256 and base learning rate 2^-6. It is the fastest to target on this machine, within 0.3 points of the best test error, and below B_crit ≈ 310, so each update is used well.")
    {
        KeyFigures = [KeyFigure.Of("batch B", 256, NumberFormat.Integer), KeyFigure.Of("micro-batch M", 256, NumberFormat.Integer), new KeyFigure("base LR η̃", "2^-6", Math.Pow(2, -6)), KeyFigure.Of("expected time", 6.36, NumberFormat.Duration)],
        Tables = [new ReportTable(new DataTable("recommendation", ["choice", "value", "reason"],
            [["B", 256, "fastest time to target; below B_crit"], ["M", 256, "fits memory 5,000× over; no accumulation needed"], ["η̃", 0.015625, "best test error at B = 256 | stable band 2^-8..2^-4"]]), "Each choice and why.")],
        Notes = ["TorchSharp has no distributed training; any projection to several workers is a cost model, not a measurement."],
    };
}
