using BatchLab.Data;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// One scheduled evaluation of K runs on the same data at the same update (a fused group's
/// members, or one run as K = 1): each split's screen (<see cref="EvalScreen"/>) in one batched
/// pass for all K, then the rest of the split in one batched pass for the runs whose rule needs
/// the whole split. Without a screen every split is evaluated whole in one batched pass.
/// </summary>
internal static class GroupEvaluation
{
    /// <summary>An evaluation's values (metric → value) and the metrics taken from a screen.</summary>
    public sealed record Outcome(Dictionary<string, double> Values, HashSet<string> Screened);

    /// <param name="ledgers">The runs, in the order <paramref name="forwardOf"/> numbers them.</param>
    /// <param name="forwardOf">A batched forward pass for the runs at the given positions: inputs [N, ...sample] → outputs [k, N, outputs].</param>
    public static Outcome[] Run(IReadOnlyList<RunLedger> ledgers, Func<IReadOnlyList<int>, Func<Tensor, Tensor>> forwardOf, Dataset data)
    {
        var count = ledgers.Count;
        var everyone = Enumerable.Range(0, count).ToList();
        var rules = ledgers.Select(l => l.ScreenRule(data)).ToArray();
        var screen = ledgers[0].Screen;
        var outcomes = ledgers.Select(_ => new Outcome([], [])).ToArray();
        foreach (var (name, split, limit) in Splits(data, ledgers[0].TrainEvalSamples))
        {
            var size = Math.Min(split.Count, limit ?? long.MaxValue);
            if (size == 0)
            {
                continue;
            }

            SplitSums[] sums;
            var screened = new bool[count];
            if (screen is null || size <= screen.Samples || rules.All(r => r is null))
            {
                sums = SplitEvaluation.Sums(forwardOf(everyone), count, split, data.Task, 0, size);
            }
            else
            {
                sums = SplitEvaluation.Sums(forwardOf(everyone), count, split, data.Task, 0, screen.Samples);
                var whole = everyone.Where(k => rules[k] is not { } rule || !rule(name, sums[k])).ToList();
                var rest = whole.Count == 0 ? [] : SplitEvaluation.Sums(forwardOf(whole), whole.Count, split, data.Task, screen.Samples, size);
                for (var k = 0; k < count; k++)
                {
                    var j = whole.IndexOf(k);
                    screened[k] = j < 0;
                    sums[k] = j < 0 ? sums[k] : sums[k].Add(rest[j]);
                }
            }

            for (var k = 0; k < count; k++)
            {
                outcomes[k].Values[$"{name}_loss"] = sums[k].Loss;
                if (data.Task == TaskKind.Classification)
                {
                    outcomes[k].Values[$"{name}_error"] = sums[k].Error;
                }

                if (screened[k])
                {
                    outcomes[k].Screened.UnionWith(outcomes[k].Values.Keys.Where(key => key.StartsWith(name + "_", StringComparison.Ordinal)));
                }
            }
        }

        return outcomes;
    }

    /// <summary>The splits an evaluation reads, as <see cref="Evaluator.All"/> does: train (limited), validation, test.</summary>
    static IEnumerable<(string Name, TensorSplit Split, long? Limit)> Splits(Dataset data, long? trainLimit) =>
        [("train", data.Train, trainLimit), ("val", data.Validation, null), ("test", data.Test, null)];
}
