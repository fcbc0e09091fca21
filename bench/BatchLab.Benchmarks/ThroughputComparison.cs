using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>
/// One measured loop. <see cref="Loop"/>: "single" (BatchLab's Trainer), "fused" (a
/// FusedTrainer of <see cref="Members"/> trials), "pytorch" (the same loop in PyTorch with
/// OpenBLAS using as many threads as torch, its default) or "pytorch-blas1" (OpenBLAS
/// single-threaded under torch's threads, which avoids oversubscribing a 2-core machine).
/// Updates/s counts member updates (K per fused step); samples/s counts every member's samples.
/// <see cref="CeilingFraction"/> = samples/s × FLOPs per sample / the measured matmul ceiling.
/// A configuration left out says why in <see cref="Skipped"/>.
/// </summary>
public sealed record ThroughputRow(
    string Model, long Batch, string Loop, int Members, double UpdatesPerSecond, double SamplesPerSecond,
    double CeilingFraction, Timing? Timing, string? Skipped);

public sealed record ThroughputComparisonReport(
    MachineLoad Before,
    MachineLoad After,
    int Threads,
    double CeilingGflops,
    double PyTorchCeilingGflops,
    PyTorchInfo PyTorch,
    PyTorchInfo PyTorchBlas1,
    IReadOnlyDictionary<string, double> FlopsPerSample,
    IReadOnlyList<ThroughputRow> Rows);

/// <summary>
/// Updates/s and samples/s of single trials, fused groups and PyTorch at each batch size, with
/// every loop of one (model, B) measured in alternation (and PyTorch in its own process, waiting
/// while C# runs), and the matrix-multiply ceiling measured in the same run.
/// </summary>
public static class ThroughputComparison
{
    public static ThroughputComparisonReport Run(
        IReadOnlyList<string> specs, IReadOnlyList<long> batches, IReadOnlyList<int> memberCounts,
        double seconds, int repeats, double maxStepGiB, Action<string> log)
    {
        var before = MachineLoad.Now();
        var threads = get_num_threads();
        using var data = BenchData.RandomMnist(8192);
        using var pytorch = new PyTorchWorker(threads);
        using var pytorchBlas1 = new PyTorchWorker(threads, blasThreads: 1);
        log($"PyTorch {pytorch.Info.Torch}, {string.Join("; ", pytorch.Info.Blas)}; and with {string.Join("; ", pytorchBlas1.Info.Blas)}");
        var ceiling = MatmulCeiling.Measure(CPU, 2048, seconds: 0.1, repeats: 5).GflopsHigh; // best repeat, as PyTorch's side reports it
        var pytorchCeiling = pytorch.Matmul(2048, 5);
        log($"matmul ceiling: {ceiling:F0} GFLOP/s (libtorch), {pytorchCeiling:F0} GFLOP/s (PyTorch)");
        var rows = new List<ThroughputRow>();
        var flops = new Dictionary<string, double>();
        foreach (var spec in specs)
        {
            var cost = ModelCost.Of(spec, new ModelInput(data.SampleShape, data.Outputs));
            flops[spec] = cost.FlopsPerSample;
            foreach (var batch in batches)
            {
                rows.AddRange(MeasureBatch(spec, batch, memberCounts, cost, data, pytorch, pytorchBlas1, seconds, repeats, maxStepGiB, ceiling));
                log($"{spec} B={batch}: done");
            }
        }

        return new ThroughputComparisonReport(before, MachineLoad.Now(), threads, ceiling, pytorchCeiling, pytorch.Info, pytorchBlas1.Info, flops, rows);
    }

    static List<ThroughputRow> MeasureBatch(string spec, long batch, IReadOnlyList<int> memberCounts, ModelCost cost,
        BatchLab.Data.Dataset data, PyTorchWorker pytorch, PyTorchWorker pytorchBlas1, double seconds, int repeats, double maxStepGiB, double ceiling)
    {
        // Activations, their gradients and the autograd graph: about 3 copies of what the forward pass keeps.
        var bytesPerSample = cost.ActivationFloatsPerSample * 4.0 * 3;
        var loops = new List<(string Loop, int Members, Func<double> Rate)>
        {
            ("single", 1, TrainingLoops.Sized(n => TrainingLoops.Single(TrainingLoops.Model(spec, data), data, batch, n), seconds)),
            ("pytorch", 1, TrainingLoops.Sized(n => pytorch.Train(spec, batch, n), seconds)),
            ("pytorch-blas1", 1, TrainingLoops.Sized(n => pytorchBlas1.Train(spec, batch, n), seconds)),
        };
        var skipped = new List<ThroughputRow>();
        foreach (var k in memberCounts)
        {
            if (k * batch * bytesPerSample > maxStepGiB * (1L << 30))
            {
                skipped.Add(new ThroughputRow(spec, batch, "fused", k, double.NaN, double.NaN, double.NaN, null,
                    $"a step of {k}·{batch} samples needs ~{k * batch * bytesPerSample / (1L << 30):F1} GiB of activations (limit {maxStepGiB} GiB)"));
                continue;
            }

            var models = Enumerable.Range(0, k).Select(s => TrainingLoops.Model(spec, data, s)).ToList();
            loops.Add(("fused", k, TrainingLoops.Sized(n => TrainingLoops.Fused(models, data, batch, n), seconds)));
        }

        var timings = Measure.Alternating([.. loops.Select(l => l.Rate)], repeats);
        var rows = loops.Select((l, i) =>
        {
            var updates = l.Members / timings[i].Median;
            var samples = updates * batch;
            return new ThroughputRow(spec, batch, l.Loop, l.Members, updates, samples, samples * cost.FlopsPerSample / (ceiling * 1e9), timings[i], null);
        }).ToList();
        rows.AddRange(skipped);
        return rows;
    }
}
