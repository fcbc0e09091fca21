using BatchLab.Data;
using BatchLab.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Gradients;

/// <summary>
/// Gradients of the mean training loss over chosen samples at fixed weights, flattened into one
/// float64 vector, computed by the trainer's own <see cref="UpdateStep"/>: passes of at most
/// <c>chunk</c> samples, each adding (its loss sum)/(samples in total). The model runs
/// in training mode, so BatchNorm layers use the statistics of each pass (as in training with
/// micro-batch M = chunk). Holds the training split on the model's device in its dtype.
/// Cost: one forward and backward pass per sample, plus a copy of the P weights per gradient.
/// </summary>
public sealed class MeanGradient : IDisposable
{
    readonly nn.Module<Tensor, Tensor> model;
    readonly Parameter[] parameters;
    readonly TrainingData prepared;
    readonly long chunk;

    public MeanGradient(nn.Module<Tensor, Tensor> model, Dataset data, long chunk = 1024)
    {
        if (chunk < 1)
        {
            throw new BatchLabException($"--chunk {chunk} must be at least 1 (samples per forward/backward pass)");
        }

        this.model = model;
        this.chunk = chunk;
        parameters = [.. model.parameters().Where(p => p.requires_grad)];
        var first = parameters.Length > 0 ? parameters[0] : throw new BatchLabException("the model has no trainable parameters");
        prepared = new TrainingData(data, first.dtype, first.device);
        ModelCheck.AcceptsData(model, prepared.Data);
        model.train();
    }

    public Device Device => parameters[0].device;

    /// <summary>Training samples the rows index into.</summary>
    public long TrainSize => prepared.Data.Train.Count;

    /// <summary>P: trainable weights, the length of every gradient.</summary>
    public long ParameterCount => parameters.Sum(p => p.numel());

    /// <summary>The mean gradient over the training samples at <paramref name="rows"/> (int64, on <see cref="Device"/>), in the caller's dispose scope.</summary>
    public Tensor Of(Tensor rows)
    {
        var count = rows.shape[0];
        var plan = BatchPlan.Create(BatchSize.Of(count), Math.Min(chunk, count), null, TrainSize);
        _ = new UpdateStep(model, prepared.Data.Train, prepared.Data.Task, plan).Gradients(rows, count);

        using var flat = NewDisposeScope();
        return cat([.. parameters.Select(p => (p.grad ?? zeros_like(p)).flatten())], 0)
            .to_type(ScalarType.Float64).MoveToOuterDisposeScope();
    }

    public void Dispose() => prepared.Dispose();
}
