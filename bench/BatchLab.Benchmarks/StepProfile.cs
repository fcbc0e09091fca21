using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Training;
using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>One phase of an update: microseconds per update and its share of the whole.</summary>
public sealed record StepPhase(string Name, double Microseconds, double Share);

/// <summary>The breakdown of one update at one thread count, and the real trainer's time per update beside it.</summary>
public sealed record StepProfileRow(int Threads, double PhasedMicroseconds, double TrainerMicroseconds, IReadOnlyList<StepPhase> Phases);

public sealed record StepProfileReport(string Model, long Batch, long Updates, MachineLoad Before, MachineLoad After, IReadOnlyList<StepProfileRow> Rows);

/// <summary>
/// Where one update's time goes at small B. The phases are the calls <see cref="UpdateStep"/>
/// makes, in its order, with a timestamp between each (Stopwatch, ~20 ns a read, against phases of
/// microseconds): the sampler's slice, the gradients' reset, the two index selections, forward,
/// loss, backward, the optimizer step, the loss read and the dispose scopes. Beside it, the real
/// <see cref="Trainer"/>'s time per update on the same model and data (LoopClock), so the replica can
/// be checked against what it replicates. Each thread count is measured in alternation with the
/// others, median of the repeats.
/// </summary>
public static class StepProfile
{
    static readonly string[] Names = ["sampler slice", "gradients reset", "index_select ×2", "forward", "loss", "backward", "micro-batch scope", "optimizer step", "loss read", "dispose scopes"];

    public static StepProfileReport Run(string spec, long batch, IReadOnlyList<int> threadCounts, long updates, int repeats)
    {
        var before = MachineLoad.Now();
        using var data = BenchData.RandomMnist(8192);
        var original = get_num_threads();
        var phased = threadCounts.ToDictionary(t => t, _ => new List<double[]>());
        var trained = threadCounts.ToDictionary(t => t, _ => new List<double>());
        for (var r = 0; r <= repeats; r++)
        {
            foreach (var t in threadCounts)
            {
                set_num_threads(t);
                var phases = Phased(spec, data, batch, updates);
                var trainer = 1e6 / TrainingLoops.Single(TrainingLoops.Model(spec, data), data, batch, updates);
                if (r > 0)
                {
                    phased[t].Add(phases);
                    trained[t].Add(trainer);
                }
            }
        }

        set_num_threads(original);
        var rows = threadCounts.Select(t =>
        {
            var medians = Names.Select((_, i) => Median(phased[t].Select(p => p[i]))).ToArray();
            var total = medians.Sum();
            return new StepProfileRow(t, total, Median(trained[t]), [.. Names.Select((n, i) => new StepPhase(n, medians[i], medians[i] / total))]);
        }).ToList();
        return new StepProfileReport(spec, batch, updates, before, MachineLoad.Now(), rows);
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>Microseconds per update in each phase, over <paramref name="updates"/> updates (SGD at η = 0.01, float32).</summary>
    static double[] Phased(string spec, Dataset data, long batch, long updates)
    {
        var model = TrainingLoops.Model(spec, data);
        model.train();
        var plan = new TrainOptions { Batch = BatchSize.Of(batch) }.Plan(data.Train.Count);
        var optimizer = OptimizerSetup.Create(model, new OptimizerOptions());
        var parameters = model.parameters().Where(p => p.requires_grad).ToList();
        using var sampler = new Sampler(plan, 0);
        var ticks = new long[Names.Length];
        var position = default(SamplerPosition);
        for (long u = 0; u < updates; u++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var (indices, next) = sampler.Take(position);
            position = next;
            var t1 = Stopwatch.GetTimestamp();
            foreach (var p in parameters)
            {
                p.grad = null;
            }

            var t2 = Stopwatch.GetTimestamp();
            long t3, t4, t5, t6, t6b, t7, t8;
            var scope = NewDisposeScope();
            var inner = NewDisposeScope();
            var inputs = data.Train.Inputs.index_select(0, indices);
            var targets = data.Train.Targets.index_select(0, indices);
            t3 = Stopwatch.GetTimestamp();
            var output = model.call(inputs);
            t4 = Stopwatch.GetTimestamp();
            var loss = Losses.Sum(data.Task, output, targets).Div_(batch);
            t5 = Stopwatch.GetTimestamp();
            loss.backward();
            t6 = Stopwatch.GetTimestamp();
            var total = loss.detach().MoveToOuterDisposeScope();
            inner.Dispose();
            t6b = Stopwatch.GetTimestamp();
            optimizer.Step(0.01);
            t7 = Stopwatch.GetTimestamp();
            _ = total.item<float>();
            t8 = Stopwatch.GetTimestamp();
            scope.Dispose();
            indices.Dispose();
            var t9 = Stopwatch.GetTimestamp();
            long[] marks = [t0, t1, t2, t3, t4, t5, t6, t6b, t7, t8, t9];
            for (var i = 0; i < ticks.Length; i++)
            {
                ticks[i] += marks[i + 1] - marks[i];
            }
        }

        return [.. ticks.Select(t => t * 1e6 / Stopwatch.Frequency / updates)];
    }
}
