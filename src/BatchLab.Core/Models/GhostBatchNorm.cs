using BatchLab.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// BatchNorm whose training-mode statistics are computed over consecutive chunks of
/// <see cref="NormBatch"/> samples (Hoffer et al. 2017, "ghost batch norm"), so BN behaviour
/// depends on G and not on how many samples one forward pass carries.
/// </summary>
/// <remarks>
/// It is a TorchSharp <see cref="BatchNorm"/>: same parameters and buffers (weight, bias,
/// running_mean, running_var, num_batches_tracked), same state-dict names as PyTorch, and
/// <c>.to(dtype)</c>/<c>.to(device)</c> convert it. One chunk (G null or G = M) and eval mode run
/// torch's own kernel. Several chunks (K = M/G) also run it, once: the input is regrouped so that
/// each chunk's channels are channels of their own. The running statistics then receive the K
/// sequential per-chunk updates r_k = (1 − m)·r_{k−1} + m·s_k in closed form,
/// r_K = (1 − m)^K·r_0 + Σ_{k=1..K} m·(1 − m)^{K−k}·s_k,
/// where s_k is chunk k's mean, or its unbiased variance (torch's convention for running_var).
/// This equals K calls of plain BN in order, outputs and running statistics, up to float rounding.
/// A pass whose size G does not divide ends with one short chunk (the last chunk of an update).
/// </remarks>
public abstract class GhostBatchNorm : BatchNorm, IGhostBatchNorm
{
    long? normBatch;

    protected GhostBatchNorm(long features, double eps, double momentum, Device? device, string name)
        : base(features, eps, momentum, affine: true, track_running_stats: true, device, dtype: null, name)
    {
        if (momentum is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "BatchNorm momentum must lie in (0, 1].");
        }
    }

    /// <summary>Samples per normalization chunk; null normalizes over the whole forward pass.</summary>
    public long? NormBatch
    {
        get => normBatch;
        set => normBatch = value is null or > 0 ? value
            : throw new BatchLabException($"normalization batch G must be a positive number of samples, got {value}");
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        if (!training)
        {
            return TorchForward(input);
        }

        var samples = input.shape[0];
        var chunk = Math.Min(normBatch ?? samples, samples);
        var whole = samples / chunk * chunk;
        var shortest = whole == samples ? chunk : samples - whole;
        if (input.numel() / input.shape[1] / samples * shortest < 2)
        {
            throw new BatchLabException(
                $"a BatchNorm chunk of {shortest} sample(s) gives one value per channel to {GetName()}; BatchNorm needs at least 2 (use G >= 2, or --drop-last when the last update of an epoch has a single sample)");
        }

        if (whole == samples)
        {
            return chunk == samples ? TorchForward(input) : ChunkedForward(input, samples / chunk);
        }

        // Only the last chunk of an update may be short (G does not divide B, or the epoch's last
        // update); the plan keeps G | M, so it always sits at the end of a pass. Full chunks
        // first, then the short one: the running statistics see them in order.
        using var scope = NewDisposeScope();
        var head = whole == chunk ? TorchForward(input.narrow(0, 0, whole)) : ChunkedForward(input.narrow(0, 0, whole), whole / chunk);
        var tail = TorchForward(input.narrow(0, whole, samples - whole));
        return cat([head, tail], 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// TorchSharp's <c>BatchNorm.forward</c> for this module (running statistics tracked, momentum
    /// set): the same kernel call, with the batch count raised through <see cref="ScalarOps"/>, as
    /// the base's implicit Scalar can be freed while libtorch reads it.
    /// </summary>
    Tensor TorchForward(Tensor input)
    {
        if (training)
        {
            num_batches_tracked!.Add_(1);
        }

        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, momentum!.Value, eps);
    }

    Tensor ChunkedForward(Tensor input, long chunks)
    {
        using var scope = NewDisposeScope();

        // Chunk k of channel c becomes channel k·C + c, so torch's fused batch_norm kernel (forward
        // and backward) normalizes every chunk in one call. The layout is chosen for speed (CPU,
        // measured): feature vectors go to [1, K·C, G], each chunk-channel contiguous; images to
        // [G, K·C, H·W], image rows contiguous. The two regrouping copies are memory-bound.
        var channels = input.shape[1];
        var ghost = input.shape[0] / chunks;
        var spatial = input.numel() / input.shape[0] / channels;
        var grouped = input.reshape(chunks, ghost, channels, spatial);
        var regrouped = spatial == 1
            ? grouped.permute(0, 2, 1, 3).reshape(1, chunks * channels, ghost)
            : grouped.transpose(0, 1).reshape(ghost, chunks * channels, spatial);

        // Momentum 1 makes the kernel write each chunk's mean and unbiased variance into these.
        var chunkMeans = zeros(chunks * channels, dtype: running_mean!.dtype, device: input.device);
        var chunkVariances = ones(chunks * channels, dtype: running_var!.dtype, device: input.device);
        var normalized = nn.functional.batch_norm(
            regrouped, chunkMeans, chunkVariances, weight.repeat(chunks), bias!.repeat(chunks), training: true, momentum: 1.0, eps: eps);

        UpdateRunningStatistics(chunkMeans.view(chunks, channels), chunkVariances.view(chunks, channels));
        var output = spatial == 1
            ? normalized.view(chunks, channels, ghost, 1).permute(0, 2, 1, 3)
            : normalized.view(ghost, chunks, channels, spatial).transpose(0, 1);
        return output.reshape(input.shape).MoveToOuterDisposeScope();
    }

    void UpdateRunningStatistics(Tensor chunkMeans, Tensor chunkVariances)
    {
        using var noGrad = no_grad();
        var chunks = chunkMeans.shape[0];
        var m = momentum!.Value;
        var weights = Enumerable.Range(0, (int)chunks).Select(k => m * Math.Pow(1 - m, chunks - 1 - k)).ToArray();
        var w = tensor(weights, dtype: running_mean!.dtype, device: running_mean.device).unsqueeze(1);
        var decay = Math.Pow(1 - m, chunks);
        running_mean.Mul_(decay).Add_((w * chunkMeans).sum(dim: 0));
        running_var!.Mul_(decay).Add_((w * chunkVariances).sum(dim: 0));
        num_batches_tracked!.Add_(chunks);
    }
}
