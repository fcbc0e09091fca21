using BatchLab.Models;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// K ghost batch norms over features, on [K, N, F]: statistics per member, per feature and per
/// chunk of G consecutive samples of that member (the whole pass when G is null), exactly what
/// <see cref="GhostBatchNorm"/> computes for each member alone. Like it, one call of torch's
/// batch_norm kernel does every chunk of every member: chunk j of member k's feature f becomes one
/// channel of [1, K·(N/G)·F, G]. Running statistics receive the chunks' sequential updates in
/// closed form (see <see cref="GhostBatchNorm"/>). <see cref="Infer"/> is evaluation mode, on the running statistics.
/// A pass whose size G does not divide (an epoch's short last update) ends with one short chunk,
/// normalised on its own after the full chunks, exactly as <see cref="GhostBatchNorm"/> does alone.
/// </summary>
internal sealed class FusedBatchNorm1d : IFusedLayer
{
    readonly string name;
    readonly FusedTensor weight;
    readonly FusedTensor bias;
    readonly FusedTensor runningMean;
    readonly FusedTensor runningVar;
    readonly FusedTensor batchesTracked;
    readonly double eps;
    readonly double momentum;
    readonly long? ghostBatch;

    public FusedBatchNorm1d(string name, IReadOnlyList<GhostBatchNorm1d> members, long? ghostBatch)
    {
        this.name = name;
        this.ghostBatch = ghostBatch;
        eps = members[0].eps;
        momentum = members[0].momentum!.Value;
        FusedTensor Stack(string field, Func<GhostBatchNorm1d, Tensor> of, bool trainable) =>
            FusedTensor.Stack($"{name}.{field}", [.. members.Select(of)], trainable);
        weight = Stack("weight", m => m.weight!, true);
        bias = Stack("bias", m => m.bias!, true);
        runningMean = Stack("running_mean", m => m.running_mean!, false);
        runningVar = Stack("running_var", m => m.running_var!, false);
        batchesTracked = Stack("num_batches_tracked", m => m.num_batches_tracked!, false);
        Tensors = [weight, bias, runningMean, runningVar, batchesTracked];
    }

    public FusedLayout Input => FusedLayout.Members;

    public FusedLayout Output => FusedLayout.Members;

    public IReadOnlyList<FusedTensor> Tensors { get; }

    public Tensor Forward(Tensor input)
    {
        var samples = input.shape[1];
        var chunk = Math.Min(ghostBatch ?? samples, samples);
        var whole = samples / chunk * chunk;
        var shortest = whole == samples ? chunk : samples - whole;
        if (shortest < 2)
        {
            throw new BatchLabException(
                $"a BatchNorm chunk of {shortest} sample(s) gives one value per channel to {name}; BatchNorm needs at least 2 (use G >= 2, or --drop-last when the last update of an epoch has a single sample)");
        }

        if (whole == samples)
        {
            return Normalize(input, chunk);
        }

        // Full chunks first, then the short one: the running statistics see them in order.
        using var scope = NewDisposeScope();
        var head = Normalize(input.narrow(1, 0, whole), chunk);
        var tail = Normalize(input.narrow(1, whole, samples - whole), samples - whole);
        return cat([head, tail], 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Evaluation mode on [K, N, F]: each member's running statistics, as torch's batch_norm in
    /// inference computes them: x · α + β with α = w / √(var + ε), β = b − mean · α.
    /// </summary>
    public Tensor Infer(Tensor input)
    {
        using var scope = NewDisposeScope();
        var alpha = weight.Value.detach() / runningVar.Value.Add(eps).sqrt();
        var beta = bias.Value.detach() - (runningMean.Value * alpha);
        return (input * alpha.unsqueeze(1)).Add_(beta.unsqueeze(1)).MoveToOuterDisposeScope();
    }

    /// <summary>[K, N, F] with chunk dividing N: every chunk of every member normalised in one kernel call.</summary>
    Tensor Normalize(Tensor input, long chunk)
    {
        var (members, samples, features) = (input.shape[0], input.shape[1], input.shape[2]);
        using var scope = NewDisposeScope();
        var chunks = samples / chunk;
        var channels = members * chunks * features;
        var regrouped = input.view(members, chunks, chunk, features).transpose(2, 3).reshape(1, channels, chunk);
        var chunkMeans = zeros(channels, dtype: input.dtype, device: input.device);
        var chunkVariances = ones(channels, dtype: input.dtype, device: input.device);
        Tensor PerChannel(FusedTensor t) => t.Value.unsqueeze(1).expand(members, chunks, features).reshape(channels);

        // Momentum 1 makes the kernel write each chunk's mean and unbiased variance into these.
        var normalized = nn.functional.batch_norm(
            regrouped, chunkMeans, chunkVariances, PerChannel(weight), PerChannel(bias), training: true, momentum: 1.0, eps: eps);
        UpdateRunningStatistics(chunkMeans.view(members, chunks, features), chunkVariances.view(members, chunks, features));
        return normalized.view(members, chunks, features, chunk).transpose(2, 3).reshape(members, samples, features).MoveToOuterDisposeScope();
    }

    void UpdateRunningStatistics(Tensor chunkMeans, Tensor chunkVariances)
    {
        using var noGrad = no_grad();
        var chunks = chunkMeans.shape[1];
        var weights = Enumerable.Range(0, (int)chunks).Select(k => momentum * Math.Pow(1 - momentum, chunks - 1 - k)).ToArray();
        var w = tensor(weights, dtype: chunkMeans.dtype, device: chunkMeans.device).view(1, chunks, 1);
        var decay = Math.Pow(1 - momentum, chunks);
        runningMean.Value.Mul_(decay).Add_((w * chunkMeans).sum(dim: 1));
        runningVar.Value.Mul_(decay).Add_((w * chunkVariances).sum(dim: 1));
        batchesTracked.Value.Add_(chunks);
    }
}
