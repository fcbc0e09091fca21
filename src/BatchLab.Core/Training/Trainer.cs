using BatchLab.Data;
using BatchLab.Runtime;
using BatchLab.Training.Adaptive;
using BatchLab.Training.Optimizers;
using TorchSharp;
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
    readonly UpdateStep step;
    readonly IOptimizer optimizer;
    readonly Sampler sampler;
    readonly RunLedger ledger;
    readonly IBatchPolicy policy;

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
        ModelCheck.AcceptsData(model, data);
        optimizer = OptimizerSetup.Create(model, options.Optimizer);
        step = new UpdateStep(model, data.Train, data.Task, Plan, optimizer, options.ClipGradNorm, this.hooks.Probe);
        sampler = new Sampler(Plan, options.Seed);
        policy = this.hooks.BatchPolicy ?? (options.Adaptive is null
            ? new FixedBatch(Plan.Batch)
            : throw new BatchLabException("an adaptive batch size needs its policy in the trainer's hooks (BatchPolicies.Hooks builds them)"));
    }

    public BatchPlan Plan { get; }

    public double PeakLearningRate => ledger.Schedule.Peak;

    public long? TotalUpdates => ledger.TotalUpdates;

    public TrainCounters State => ledger.State;

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

        // Small steps run on one thread; evaluations (thousands of samples) on all of them.
        using var threads = new ThreadLimit(step.Threads);
        void Evaluate()
        {
            using var all = threads.Lifted();
            ledger.Evaluate(model, data, Wall());
        }

        if (State.LastEvaluatedUpdate < 0)
        {
            Evaluate();
        }

        var end = RunEnd.Complete;
        DivergenceInfo? divergence = null;
        while (!ledger.Finished(Wall()))
        {
            if (cancel.IsCancellationRequested)
            {
                end = RunEnd.Interrupted;
                break;
            }

            var (indices, next) = sampler.Take(State.Position, policy.Batch);
            double loss;
            var batch = indices.shape[0];
            var lr = ledger.LearningRate * policy.RateScale;
            var stepStart = time.GetTimestamp();
            using (indices)
            {
                loss = step.Apply(indices, batch, lr, State.Update);
            }

            if (!double.IsFinite(loss))
            {
                end = RunEnd.Diverged;
                divergence = new DivergenceInfo(State.Update + 1, State.LastFiniteLoss, loss);
                break;
            }

            var epochEnded = ledger.Record(loss, batch, lr, time.GetElapsedTime(stepStart).TotalSeconds, next, Wall());
            if (policy.AfterUpdate(State) is { } decision)
            {
                ledger.Notify(o => o.OnBatchChange(decision));
            }

            if (ledger.EvaluationDue(epochEnded))
            {
                using var all = threads.Lifted();
                EvaluateScheduled(Wall);
            }

            if (ledger.CheckpointDue(epochEnded))
            {
                State.WallSeconds = Wall();
                SaveCheckpoint();
            }
        }

        if (end == RunEnd.Complete && ledger.PruneReason is not null)
        {
            end = RunEnd.Pruned;
        }

        // An interrupted run is checkpointed exactly as it stood, so that resuming it replays
        // what an uninterrupted run would have done (no extra evaluation in between).
        if (end != RunEnd.Interrupted && (State.LastEvaluatedUpdate != State.Update || ledger.LastProvisional))
        {
            Evaluate();
        }

        State.WallSeconds = Wall();
        if (end != RunEnd.Diverged && hooks.Checkpoints is not null)
        {
            SaveCheckpoint();
        }

        var result = ledger.Result(end, divergence, WeightsHash.Of(model));
        ledger.Notify(o => o.OnEnd(result));
        return result;
    }

    /// <summary>
    /// A scheduled evaluation: whole splits without a screen; with one, the screen's rule
    /// (<see cref="EvalScreen"/>), except at the run's last update, which the end of
    /// <see cref="Run"/> evaluates whole.
    /// </summary>
    void EvaluateScheduled(Func<double> wall)
    {
        if (options.Screen is null)
        {
            ledger.Evaluate(model, data, wall());
            return;
        }

        if (ledger.Finished(wall()))
        {
            return;
        }

        GroupEvaluation.Outcome outcome;
        var start = hooks.Time.GetTimestamp();
        model.eval();
        try
        {
            outcome = GroupEvaluation.Run([ledger], _ => inputs => model.call(inputs).unsqueeze(0), data)[0];
        }
        finally
        {
            model.train();
        }

        State.EvalSeconds += hooks.Time.GetElapsedTime(start).TotalSeconds;
        ledger.RecordEvaluation(outcome.Values, outcome.Screened, true, data, wall());
    }

    public void Dispose()
    {
        sampler.Dispose();
        prepared.Dispose();
    }
}
