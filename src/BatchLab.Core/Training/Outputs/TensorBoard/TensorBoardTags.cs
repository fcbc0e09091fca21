namespace BatchLab.Training.Outputs.TensorBoard;

/// <summary>
/// TensorBoard tags of BatchLab's metrics, grouped by the part before the slash. Names keep their
/// full words ("noise/grad_sq_norm", not "grad/sq_norm"); the mean mini-batch loss since the last
/// evaluation is "train/batch_loss_mean", apart from the per-update "train/batch_loss".
/// </summary>
public static class TensorBoardTags
{
    static readonly Dictionary<string, string> Known = new()
    {
        ["loss"] = "train/batch_loss",
        ["lr"] = "train/lr",
        ["train_batch_loss"] = "train/batch_loss_mean",
        ["noise_scale"] = "noise/noise_scale",
        ["grad_sq_norm"] = "noise/grad_sq_norm",
        ["trace_cov"] = "noise/trace_cov",
        ["epoch"] = "progress/epoch",
        ["samples"] = "progress/samples",
        ["step_time"] = "progress/step_time",
        ["wall_time"] = "progress/wall_time",
    };

    /// <summary>"val_error" → "val/error", "train_loss" → "train/loss"; any other name is kept whole.</summary>
    public static string Of(string metric)
    {
        if (Known.TryGetValue(metric, out var tag))
        {
            return tag;
        }

        foreach (var split in new[] { "train_", "val_", "test_" })
        {
            if (metric.StartsWith(split, StringComparison.Ordinal) && metric[split.Length..] is "loss" or "error")
            {
                return $"{split[..^1]}/{metric[split.Length..]}";
            }
        }

        return metric;
    }
}
