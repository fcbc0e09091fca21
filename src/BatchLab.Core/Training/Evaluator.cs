using BatchLab.Data;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// Mean loss and error rate of a model over a split, without gradients and in eval mode
/// (BatchNorm uses running statistics). Runs in chunks to bound memory; exact sums, so the
/// result does not depend on the chunk size beyond float rounding.
/// </summary>
public static class Evaluator
{
    public const long DefaultChunk = 2048;

    /// <param name="progress">Called after each chunk with (samples done, samples in all); null for none.</param>
    public static (double Loss, double Error) Evaluate(nn.Module<Tensor, Tensor> model, TensorSplit split, TaskKind task, long? limit = null, long chunk = DefaultChunk, Action<long, long>? progress = null)
    {
        var count = Math.Min(split.Count, limit ?? long.MaxValue);
        if (count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            double lossSum = 0;
            long errors = 0;
            for (long start = 0; start < count; start += chunk)
            {
                using var scope = NewDisposeScope();
                var size = Math.Min(chunk, count - start);
                var output = model.call(split.Inputs.narrow(0, start, size));
                var targets = split.Targets.narrow(0, start, size);
                lossSum += Losses.Sum(task, output, targets).to_type(ScalarType.Float64).item<double>();
                errors += Losses.Errors(task, output, targets);
                progress?.Invoke(start + size, count);
            }

            return (lossSum / count, task == TaskKind.Classification ? (double)errors / count : double.NaN);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Evaluates train (optionally limited), validation and test splits into named metrics.</summary>
    /// <param name="progress">Called after each chunk with (split, samples done, samples in the split); null for none.</param>
    public static Dictionary<string, double> All(nn.Module<Tensor, Tensor> model, Dataset data, long? trainLimit, Action<string, long, long>? progress = null)
    {
        var values = new Dictionary<string, double>();
        void Add(string prefix, TensorSplit split, long? limit)
        {
            if (split.Count == 0)
            {
                return;
            }

            var (loss, error) = Evaluate(model, split, data.Task, limit, progress: progress is null ? null : (done, total) => progress(prefix, done, total));
            values[$"{prefix}_loss"] = loss;
            if (data.Task == TaskKind.Classification)
            {
                values[$"{prefix}_error"] = error;
            }
        }

        Add("train", data.Train, trainLimit);
        Add("val", data.Validation, null);
        Add("test", data.Test, null);
        return values;
    }
}
