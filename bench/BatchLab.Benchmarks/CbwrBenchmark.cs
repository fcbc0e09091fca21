using System.Diagnostics;
using System.Globalization;
using BatchLab.Training;

namespace BatchLab.Benchmarks;

/// <summary>One MKL_CBWR setting: its median training samples/s at each batch size, and the range over rounds.</summary>
public sealed record CbwrRow(string Setting, string Effective, IReadOnlyList<double> SamplesPerSecond, IReadOnlyList<double> Min, IReadOnlyList<double> Max);

public sealed record CbwrReport(string Model, int Threads, IReadOnlyList<long> Batches, int Rounds, IReadOnlyList<CbwrRow> Rows);

/// <summary>
/// The throughput cost of MKL's conditional numerical reproducibility settings. MKL reads
/// MKL_CBWR once per process, so each setting trains in a child process of its own; the children
/// take turns (setting 1, 2, …, then again) so that drift in the machine's load hits every
/// setting alike. Each child trains mlp:256 (784-256-10) on MNIST-shaped random data with the
/// library's trainer at each batch size and prints samples/s (median of 3 timed stretches).
/// </summary>
public static class CbwrBenchmark
{
    /// <summary>Runs every setting <paramref name="rounds"/> times in alternation (the parent side).</summary>
    public static CbwrReport Run(IReadOnlyList<string> settings, IReadOnlyList<long> batches, int threads, double seconds, int rounds)
    {
        var samples = settings.Select(_ => batches.Select(_ => new List<double>()).ToArray()).ToArray();
        var effective = new string[settings.Count];
        for (var round = 0; round < rounds; round++)
        {
            for (var s = 0; s < settings.Count; s++)
            {
                var (seen, rates) = Child(settings[s], batches, threads, seconds);
                effective[s] = seen;
                for (var b = 0; b < batches.Count; b++)
                {
                    samples[s][b].Add(rates[b]);
                }
            }
        }

        var rows = settings.Select((setting, s) => new CbwrRow(setting, effective[s],
            [.. samples[s].Select(Median)], [.. samples[s].Select(x => x.Min())], [.. samples[s].Select(x => x.Max())])).ToList();
        return new CbwrReport("mlp:256 (784-256-10, ReLU), SGD", threads, batches, rounds, rows);
    }

    /// <summary>The child side: trains at each batch size and returns samples/s (median of 3 stretches of about <paramref name="seconds"/>).</summary>
    public static IReadOnlyList<double> Measure(IReadOnlyList<long> batches, double seconds)
    {
        using var data = BenchData.RandomMnist(8192);
        var rates = new List<double>();
        foreach (var batch in batches)
        {
            Train(batch, data, 50);
            var watch = Stopwatch.StartNew();
            Train(batch, data, 100);
            var updates = Math.Max(50, (long)(seconds / (watch.Elapsed.TotalSeconds / 100)));
            var timings = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                watch.Restart();
                Train(batch, data, updates);
                timings.Add(updates * batch / watch.Elapsed.TotalSeconds);
            }

            rates.Add(Median(timings));
        }

        return rates;
    }

    static void Train(long batch, Data.Dataset data, long updates)
    {
        var options = new TrainOptions
        {
            Batch = BatchSize.Of(batch),
            LearningRate = new LearningRateOptions(Lr: 0.01),
            Budget = new Budget(Updates: updates),
            EvalEvery = Duration.Updates(long.MaxValue / 2),
            TrainEvalSamples = 1,
        };
        using var trainer = new Trainer(TrainerOverheadBenchmark.Mlp(), data, options);
        trainer.Run();
    }

    static (string Effective, double[] Rates) Child(string setting, IReadOnlyList<long> batches, int threads, double seconds)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).StartsWith("BatchLab", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(CbwrBenchmark).Assembly.Location); // `dotnet BatchLab.Benchmarks.dll`
        }

        foreach (var a in new[] { "reproducibility", "--child", "--batch", string.Join(',', batches), "--threads", threads.ToString(CultureInfo.InvariantCulture),
                     "--seconds", seconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[NumericalReproducibility.Variable] = setting;
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        if (process.ExitCode != 0 || lines.Length < 2)
        {
            throw new InvalidOperationException($"the child for MKL_CBWR={setting} failed (exit {process.ExitCode})");
        }

        return (lines[0], [.. lines[1].Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture))]);
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
