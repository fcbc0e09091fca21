using BatchLab.Data;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// Sums of K models' per-sample losses and errors over a range of one split, with one forward
/// pass per chunk for all K (a fused group's batched network, or one model as K = 1). Per-sample
/// losses are added in float64 in sample order, so a model's sums depend on its own outputs only
/// (which may round differently with K, see FusedNetwork.Infer), and on how the range is cut into
/// chunks only through float64 rounding.
/// </summary>
public static class SplitEvaluation
{
    /// <param name="forward">Runs inputs [N, ...sample] through every model at once and returns outputs [K, N, outputs]; called without gradients.</param>
    /// <param name="models">K.</param>
    public static SplitSums[] Sums(Func<Tensor, Tensor> forward, int models, TensorSplit split, TaskKind task, long start, long end, long chunk = Evaluator.DefaultChunk)
    {
        var sums = new SplitSums[models];
        using var _ = no_grad();
        for (var from = start; from < end; from += chunk)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(chunk, end - from);
            var output = forward(split.Inputs.narrow(0, from, size));
            var targets = split.Targets.narrow(0, from, size);
            Tensor losses;
            long[] errors;
            if (task == TaskKind.Classification)
            {
                var each = nn.functional.cross_entropy(output.reshape(models * size, -1), targets.unsqueeze(0).expand(models, size).reshape(-1), reduction: nn.Reduction.None);
                losses = each.view(models, size).to_type(ScalarType.Float64);
                errors = output.argmax(2).ne(targets.unsqueeze(0)).sum(dim: 1).to_type(ScalarType.Int64).data<long>().ToArray();
            }
            else if (task == TaskKind.NextToken)
            {
                // Outputs [K, N, T, V]: a sequence's loss is the mean over its T tokens.
                var tokens = targets.shape[1];
                var each = nn.functional.cross_entropy(output.reshape(models * size * tokens, -1), targets.unsqueeze(0).expand(models, size, tokens).reshape(-1), reduction: nn.Reduction.None);
                losses = each.view(models, size, tokens).mean([2]).to_type(ScalarType.Float64);
                errors = new long[models];
            }
            else
            {
                losses = output.sub(targets.view(1, size, -1)).Pow_(2).sum(dim: 2).Mul_(0.5).to_type(ScalarType.Float64);
                errors = new long[models];
            }

            // Added here in sample order, not by a torch reduction, whose order depends on the
            // tensor's shape: a model's sums then depend only on its own per-sample losses.
            var perSample = losses.contiguous().data<double>().ToArray();
            for (var k = 0; k < models; k++)
            {
                double sum = 0, squares = 0;
                for (var i = k * (int)size; i < (k + 1) * (int)size; i++)
                {
                    sum += perSample[i];
                    squares += perSample[i] * perSample[i];
                }

                sums[k] = sums[k].Add(new SplitSums(size, sum, squares, errors[k]));
            }
        }

        return sums;
    }
}
