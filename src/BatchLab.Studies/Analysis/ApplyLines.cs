using System.Globalization;
using BatchLab.Runs;
using BatchLab.Training.Optimizers;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// The lines that put an answer to use: the `batchlab train` command with the recommended B, M
/// and η on the study's data and model, and the PyTorch equivalent (a DataLoader of M samples per
/// pass, the optimizer with its η, and the accumulation over B/M passes when M &lt; B, each pass's
/// loss weighted by its own samples over B so a short last window stays exact).
/// </summary>
public static class ApplyLines
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Of(RunSpec spec, Recommendation r)
    {
        if (r.LearningRate is not double lr)
        {
            return [];
        }

        var o = spec.Train.Optimizer;
        var optimizer = o.Kind.ToString().ToLowerInvariant();
        var command = string.Create(I, $"batchlab train --data {spec.Data} --model {spec.Model} --batch {r.Batch} --micro-batch {r.MicroBatch} --optimizer {optimizer} --lr {lr:G6}")
            + (o.Momentum != 0 ? string.Create(I, $" --momentum {o.Momentum:G6}") : "")
            + (o.WeightDecay != 0 ? string.Create(I, $" --weight-decay {o.WeightDecay:G6}") : "")
            + (spec.Train.Target is { } t ? string.Create(I, $" --target {t.Metric}={t.Threshold:G6}") : "");
        var torch = o.Kind switch
        {
            OptimizerKind.Adam => string.Create(I, $"torch.optim.Adam(model.parameters(), lr={lr:G6}, weight_decay={o.WeightDecay:G6})"),
            OptimizerKind.AdamW => string.Create(I, $"torch.optim.AdamW(model.parameters(), lr={lr:G6}, weight_decay={o.WeightDecay:G6})"),
            _ => string.Create(I, $"torch.optim.SGD(model.parameters(), lr={lr:G6}, momentum={o.Momentum:G6}, weight_decay={o.WeightDecay:G6})"),
        };
        var lines = new List<string>
        {
            command,
            "# PyTorch:",
            string.Create(I, $"loader = DataLoader(train_set, batch_size={r.MicroBatch}, shuffle=True)"),
            $"optimizer = {torch}",
        };
        if (r.MicroBatch < r.Batch)
        {
            var steps = (r.Batch + r.MicroBatch - 1) / r.MicroBatch;
            lines.Add(string.Create(I, $"# accumulate {steps} micro-batches per update (B = {r.Batch}): loss = criterion(model(x), y) * len(x) / {r.Batch}; loss.backward(); optimizer.step(); optimizer.zero_grad() every {steps} micro-batches"));
        }

        return lines;
    }
}
