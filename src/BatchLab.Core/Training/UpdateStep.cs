using BatchLab.Data;
using BatchLab.Runtime;
using BatchLab.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// One weight update of one model with batch B, micro-batch M and normalization batch G (a
/// <see cref="BatchPlan"/>): the only place BatchLab turns samples into an update. The trainer,
/// the throughput timer, the memory probe and the mean-gradient diagnostics all call it, so a
/// change here changes every measurement alike. Fused trials run the same loop
/// (<see cref="MicroBatches"/>) with their own forward pass.
/// </summary>
public sealed class UpdateStep
{
    readonly nn.Module<Tensor, Tensor> model;
    readonly TensorSplit split;
    readonly TaskKind task;
    readonly IOptimizer? optimizer;
    readonly double? clipGradNorm;
    readonly IGradientProbe? probe;
    readonly bool float64;

    /// <param name="optimizer">Null for a step that only computes gradients (<see cref="Gradients"/>).</param>
    public UpdateStep(nn.Module<Tensor, Tensor> model, TensorSplit split, TaskKind task, BatchPlan plan, IOptimizer? optimizer = null, double? clipGradNorm = null, IGradientProbe? probe = null)
    {
        this.model = model;
        this.split = split;
        this.task = task;
        this.optimizer = optimizer;
        this.clipGradNorm = clipGradNorm;
        this.probe = probe;
        Plan = plan;
        Parameters = [.. model.parameters().Where(p => p.requires_grad)];
        float64 = Parameters.Count > 0 && Parameters[0].dtype == ScalarType.Float64;
        ModelCheck.AppliesNormBatch(model, plan.NormBatch);
        // A sequence of T token ids (text) passes every weight once per token.
        var sample = split.Inputs.shape.Skip(1).ToArray();
        var macs = StepWork.MacsPerSample(Parameters, sample) * (split.Inputs.is_floating_point() ? 1 : sample.Aggregate(1L, (a, d) => a * d));
        Threads = split.Inputs.device.type == DeviceType.CPU ? StepWork.Threads(macs, plan.MicroBatch) : int.MaxValue;
    }

    public BatchPlan Plan { get; }

    /// <summary>
    /// The intra-op threads this step's passes are worth (<see cref="StepWork"/>): 1 for small
    /// passes on the CPU, else int.MaxValue (every thread the process has). Loops that apply the
    /// step many times hold a <see cref="Runtime.ThreadLimit"/> of it; the step itself never changes
    /// the count (that costs tens of microseconds).
    /// </summary>
    public int Threads { get; }

    /// <summary>The trainable parameters, whose .grad the step fills.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// One weight update from the samples at <paramref name="indices"/> (int64, <paramref name="batch"/>
    /// of them; on the CPU or the model's device): the mean gradient over them, then the probe,
    /// clipping and the optimizer step. Returns the mean loss over the B samples; a non-finite value
    /// means nothing was applied (the run diverged).
    /// Cost at small B is per-operation overhead (~3–7 µs per torch call), so the step makes no
    /// call it does not need: gradients are dropped rather than zeroed (the backward pass then
    /// writes them instead of adding), the loss is read in its own dtype, CPU indices are used as they are.
    /// </summary>
    public double Apply(Tensor indices, long batch, double learningRate, long update = 0)
    {
        var meanLoss = Gradients(indices, batch, update);
        if (!double.IsFinite(meanLoss))
        {
            return meanLoss;
        }

        probe?.AfterBatch(update, batch, Parameters);
        if (clipGradNorm is double maxNorm)
        {
            nn.utils.clip_grad_norm_(Parameters, maxNorm);
        }

        (optimizer ?? throw new InvalidOperationException("this step computes gradients only; give it an optimizer to apply updates")).Step(learningRate);
        return meanLoss;
    }

    /// <summary>
    /// Fills .grad with the mean gradient over the <paramref name="batch"/> samples at
    /// <paramref name="indices"/>, passing them through the model M at a time, and returns their
    /// mean loss. Parameters no sample reaches keep a null gradient.
    /// </summary>
    public double Gradients(Tensor indices, long batch, long update = 0)
    {
        foreach (var p in Parameters)
        {
            p.grad = null;
        }

        using var scope = NewDisposeScope();
        var device = split.Inputs.device;
        var rows = indices.device.type == device.type ? indices : indices.to(device);
        var lossSum = MicroBatches(batch, Plan.MicroBatch, (start, size) =>
        {
            var part = size == batch ? rows : rows.narrow(0, start, size);
            return Losses.Sum(task, model.call(split.Inputs.index_select(0, part)), split.Targets.index_select(0, part));
        }, probe is null ? null : (micro, done) => probe.AfterMicroBatch(update, micro, done, batch, Parameters));
        return float64 ? lossSum.item<double>() : lossSum.item<float>();
    }

    /// <summary>
    /// The micro-batch loop, shared by every update in BatchLab (solo and fused). For each window
    /// [start, start + size) of at most <paramref name="microBatch"/> of the <paramref name="batch"/>
    /// samples, <paramref name="lossSum"/> returns the sum of the window's per-sample losses (a
    /// scalar, or one per fused member); the loop back-propagates it divided by B, so the
    /// accumulated gradient is exactly the mean gradient over the B samples however unevenly the
    /// last window is cut (never divided by a count of micro-batches: the short-window bug of
    /// Lightning #19987 and transformers #39659). Ghost BatchNorm chunks of G start at multiples of
    /// G from the update's first sample, and G divides M, so BN statistics do not depend on M either.
    /// Returns the detached mean loss (scalar or per member) in the caller's dispose scope.
    /// </summary>
    public static Tensor MicroBatches(long batch, long microBatch, Func<long, long, Tensor> lossSum, Action<int, long>? afterMicroBatch = null)
    {
        Tensor? total = null;
        var micro = 0;
        for (long start = 0; start < batch; start += microBatch, micro++)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(microBatch, batch - start);
            var loss = lossSum(start, size).Div_(batch);
            (loss.dim() == 0 ? loss : loss.sum()).backward();
            afterMicroBatch?.Invoke(micro, start + size);
            total = total is null ? loss.detach().MoveToOuterDisposeScope() : total.Add_(loss.detach());
        }

        return total ?? throw new ArgumentOutOfRangeException(nameof(batch), "an update needs at least one sample");
    }
}
