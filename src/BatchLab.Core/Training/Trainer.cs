using BatchLab.Data;
using BatchLab.Models;
using BatchLab.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// Trains a model with update batch B, micro-batch M and normalization batch G kept independent
/// and exact (see <see cref="BatchPlan"/>). B = 1 is pure SGD, B = full is batch gradient descent.
/// Same seed and options give bit-identical weights and metrics on the same machine; a run
/// resumed from a checkpoint continues exactly as if never interrupted.
/// </summary>
public sealed partial class Trainer : IDisposable
{
    readonly nn.Module<Tensor, Tensor> model;
    readonly TrainOptions options;
    readonly TrainerHooks hooks;
    readonly TrainingData prepared;
    readonly Dataset data;
    readonly Device device;
    readonly Parameter[] parameters;
    readonly IOptimizer optimizer;
    readonly Sampler sampler;
    readonly RunLedger ledger;

    public Trainer(nn.Module<Tensor, Tensor> model, Dataset dataset, TrainOptions options, TrainerHooks? hooks = null)
    {
        this.model = model;
        this.options = options;
        this.hooks = hooks ?? new TrainerHooks();
        Plan = options.Plan(dataset.Train.Count);
        ledger = new RunLedger(Plan, options, this.hooks);
        device = DeviceSelector.Resolve(options.Device);
        prepared = new TrainingData(dataset, options.Precision.ToScalarType(), device);
        data = prepared.Data;
        model.to(options.Precision.ToScalarType()).to(device);
        foreach (var norm in model.modules().OfType<IGhostBatchNorm>())
        {
            norm.GhostBatchSize = (int?)Plan.NormBatch;
        }

        ModelCheck.AcceptsData(model, data);
        parameters = [.. model.parameters().Where(p => p.requires_grad)];
        optimizer = OptimizerSetup.Create(model, options.Optimizer);
        sampler = new Sampler(Plan, options.Seed);
    }

    public BatchPlan Plan { get; }

    public double PeakLearningRate => ledger.Schedule.Peak;

    public long? TotalUpdates => ledger.TotalUpdates;

    public TrainState State => ledger.State;

    public TrainResult Run(CancellationToken cancel = default)
    {
        var time = hooks.Time;
        var sessionStart = time.GetTimestamp();
        if (hooks.Resume)
        {
            TryResume();
        }

        var wallBefore = State.WallSeconds;
        double Wall() => wallBefore + time.GetElapsedTime(sessionStart).TotalSeconds;
        ledger.Start(sessionStart);
        model.train();
        if (State.LastEvaluatedUpdate < 0)
        {
            ledger.Evaluate(model, data, Wall());
        }

        var end = RunState.Complete;
        DivergenceInfo? divergence = null;
        while (!ledger.Finished(Wall()))
        {
            if (cancel.IsCancellationRequested)
            {
                end = RunState.Interrupted;
                break;
            }

            var (indices, next) = sampler.Take(State.Position);
            double loss;
            var batch = Sampler.Advance(Plan, State.Position).Size;
            var lr = ledger.LearningRate;
            var stepStart = time.GetTimestamp();
            using (indices)
            {
                loss = Step(indices, batch, lr);
            }

            if (!double.IsFinite(loss))
            {
                end = RunState.Diverged;
                divergence = new DivergenceInfo(State.Update + 1, State.LastFiniteLoss, loss);
                break;
            }

            var epochEnded = ledger.Record(loss, batch, lr, time.GetElapsedTime(stepStart).TotalSeconds, next, Wall());
            if (ledger.EvaluationDue(epochEnded))
            {
                ledger.Evaluate(model, data, Wall());
            }

            if (ledger.CheckpointDue(epochEnded))
            {
                State.WallSeconds = Wall();
                SaveCheckpoint();
            }
        }

        // An interrupted run is checkpointed exactly as it stood, so that resuming it replays
        // what an uninterrupted run would have done (no extra evaluation in between).
        if (end != RunState.Interrupted && State.LastEvaluatedUpdate != State.Update)
        {
            ledger.Evaluate(model, data, Wall());
        }

        State.WallSeconds = Wall();
        if (end != RunState.Diverged && hooks.Checkpoints is not null)
        {
            SaveCheckpoint();
        }

        var result = ledger.Result(end, divergence, WeightsHash.Of(model));
        ledger.Notify(o => o.OnEnd(result));
        return result;
    }

    /// <summary>
    /// One weight update from the samples at <paramref name="indices"/>. The samples pass through
    /// the model in micro-batches of M; each contributes (sum of its per-sample losses) / B to the
    /// loss it back-propagates, so the accumulated gradient is exactly the mean gradient over the
    /// B samples however unevenly the last micro-batch is cut (never divided by a count of
    /// micro-batches: the short-window bug of Lightning #19987 and transformers #39659).
    /// Ghost BatchNorm chunks of G start at multiples of G from the update's first sample, and G
    /// divides M, so BN statistics do not depend on M either. Returns the mean loss over the B
    /// samples; a non-finite value means nothing was applied (the run diverged).
    /// Cost at small B is per-operation overhead (~3–7 µs per torch call), so the step makes no
    /// call it does not need: gradients are dropped rather than zeroed (the backward pass then
    /// writes them instead of adding), the loss is read in its own dtype, CPU indices are used as they are.
    /// </summary>
    double Step(Tensor indices, long batch, double learningRate)
    {
        var microBatch = Plan.MicroBatch;
        foreach (var p in parameters)
        {
            p.grad = null;
        }

        using var scope = NewDisposeScope();
        var onDevice = device.type == DeviceType.CPU ? indices : indices.to(device);
        Tensor? lossSum = null;
        var micro = 0;
        for (long start = 0; start < batch; start += microBatch, micro++)
        {
            using var microScope = NewDisposeScope();
            var size = Math.Min(microBatch, batch - start);
            var rows = size == batch ? onDevice : onDevice.narrow(0, start, size);
            var inputs = data.Train.Inputs.index_select(0, rows);
            var targets = data.Train.Targets.index_select(0, rows);
            var output = model.call(inputs);
            var loss = Losses.Sum(data.Task, output, targets).div_(batch);
            loss.backward();
            hooks.Probe?.AfterMicroBatch(State.Update, micro, start + size, batch, parameters);
            lossSum = lossSum is null ? loss.detach().MoveToOuterDisposeScope() : lossSum.add_(loss.detach());
        }

        var meanLoss = options.Precision == Precision.Float64 ? lossSum!.item<double>() : lossSum!.item<float>();
        if (!double.IsFinite(meanLoss))
        {
            return meanLoss;
        }

        hooks.Probe?.AfterBatch(State.Update, batch, parameters);
        if (options.ClipGradNorm is double maxNorm)
        {
            nn.utils.clip_grad_norm_(parameters, maxNorm);
        }

        optimizer.Step(learningRate);
        return meanLoss;
    }

    public void Dispose()
    {
        sampler.Dispose();
        prepared.Dispose();
    }
}
