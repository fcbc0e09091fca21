using BatchLab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// Trains K compatible trials (<see cref="FusedCompatibility"/>) as one fused network. Each member
/// follows the trajectory it would follow alone with <see cref="Trainer"/> (its initial weights,
/// sampler stream, learning-rate schedule and optimizer hyperparameters), up to float rounding;
/// each is reported, evaluated, checkpointed and hashed as a solo run through its own
/// <see cref="RunLedger"/>. A member that diverges, meets a stopping target or uses up its budget
/// leaves the group at that update (the group shrinks, the others go on untouched).
/// <para><b>Time.</b> Each member is charged its share of the group's time, so that a member's
/// step and wall seconds mean what a solo run's do — what this trial cost — and the members' wall
/// seconds add up to the group's: a fused step's time is divided equally among the members that
/// took part (they push the same number of samples through the same layers); a member's own
/// evaluations and checkpoints are charged to it alone. A time budget is checked against this
/// share.</para>
/// </summary>
public sealed partial class FusedTrainer : IDisposable
{
    readonly IReadOnlyList<FusedMember> members;
    readonly RunLedger[] ledgers;
    readonly TrainResult?[] results;
    readonly DivergenceInfo?[] divergences;
    readonly TrainingData prepared;
    readonly Dataset data;
    readonly ScalarType dtype;
    readonly Device device;
    readonly TimeProvider time;
    List<int> active = [];
    FusedNetwork? network;
    IFusedOptimizer? optimizer;
    FusedSampler? sampler;
    PerMember? rates;
    PerMember? clipNorms;
    GroupClock? clock;
    PerMember? negativeRates;

    /// <exception cref="BatchLabException">The members are not compatible, or the model has no fused form.</exception>
    public FusedTrainer(IReadOnlyList<FusedMember> members, Dataset dataset)
    {
        if (members.Count == 0)
        {
            throw new BatchLabException("a fused group needs at least one member");
        }

        FusedCompatibility.Check([.. members.Select(m => m.Options)]);
        if (members.Any(m => m.Options.Adaptive is not null))
        {
            throw new BatchLabException("an adaptive batch size is chosen per run from its own gradients; train adaptive runs unfused");
        }

        if (members.Any(m => m.Hooks?.Probe is not null))
        {
            throw new BatchLabException("gradient probes see one model's parameters; train probed runs unfused");
        }

        this.members = members;
        var first = members[0].Options;
        Plan = first.Plan(dataset.Train.Count);
        ledgers = [.. members.Select(m => new RunLedger(Plan, m.Options, m.Hooks ?? new TrainerHooks()))];
        results = new TrainResult?[members.Count];
        divergences = new DivergenceInfo?[members.Count];
        time = ledgers[0].Hooks.Time;
        dtype = first.Precision.ToScalarType();
        device = DeviceSelector.Resolve(first.Device);
        FusedArchitecture.Layers(members[0].Model);
        prepared = new TrainingData(dataset, dtype, device);
        data = prepared.Data;
        foreach (var member in members)
        {
            member.Model.to(dtype).to(device);
            ModelCheck.AppliesNormBatch(member.Model, Plan.NormBatch);
        }

        ModelCheck.AcceptsData(members[0].Model, data);
    }

    public BatchPlan Plan { get; }

    /// <summary>Whether updates are written through the linear layers' products (<see cref="DirectUpdate"/>): plain SGD, one pass per update.</summary>
    internal bool WritesThroughProducts => negativeRates is not null;

    /// <summary>Each member's counters, in member order.</summary>
    public IReadOnlyList<TrainCounters> States => [.. ledgers.Select(l => l.State)];

    /// <summary>Trains until every member has ended; returns each member's result, in member order.</summary>
    public IReadOnlyList<TrainResult> Run(CancellationToken cancel = default)
    {
        var sessionStart = time.GetTimestamp();
        var saved = TryResume();
        clock = new GroupClock(time, sessionStart, [.. ledgers.Select(l => l.State.WallSeconds)]);
        double Wall(int k) => clock.Wall(k, active);
        Build(saved);
        for (var k = 0; k < members.Count; k++)
        {
            ledgers[k].Start(sessionStart);
            members[k].Model.train();
            if (ledgers[k].State.LastEvaluatedUpdate < 0)
            {
                clock.Charge(active);
                ledgers[k].Evaluate(members[k].Model, data, Wall(k));
                clock.Charge([k]);
            }
        }

        while (active.Count > 0)
        {
            Retire(active.Where(k => ledgers[k].PruneReason is not null).ToList(), RunEnd.Pruned, Wall);
            Retire(active.Where(k => ledgers[k].Finished(Wall(k))).ToList(), RunEnd.Complete, Wall);
            Retire(active.Where(k => cancel.IsCancellationRequested || members[k].Stop.IsCancellationRequested).ToList(), RunEnd.Interrupted, Wall);

            if (active.Count == 0)
            {
                break;
            }

            var (rows, next) = sampler!.Take(ledgers[active[0]].State.Position);
            var batch = rows.shape[1];
            rates!.Set([.. active.Select(k => ledgers[k].LearningRate)]);
            var stepStart = time.GetTimestamp();
            double[] losses;
            using (rows)
            {
                losses = Step(rows);
            }

            // Each member's share of the fused step (see the class remarks).
            var stepSeconds = time.GetElapsedTime(stepStart).TotalSeconds / active.Count;
            clock.Charge(active);
            var epochEnded = false;
            var diverged = new List<int>();
            for (var p = 0; p < active.Count; p++)
            {
                var k = active[p];
                if (double.IsFinite(losses[p]))
                {
                    epochEnded = ledgers[k].Record(losses[p], batch, rates.Values[p], stepSeconds, next, Wall(k));
                }
                else
                {
                    diverged.Add(k);
                    divergences[k] = new DivergenceInfo(ledgers[k].State.Update + 1, ledgers[k].State.LastFiniteLoss, losses[p]);
                }
            }

            Retire(diverged, RunEnd.Diverged, Wall);
            AfterUpdate(epochEnded, Wall);
        }

        return [.. results.Select(r => r!)];
    }

    /// <summary>
    /// One update of every member from rows [K, B] of the training set: member k's samples are row
    /// k, drawn by its own sampler. Micro-batches of M take the same columns of every row; each
    /// member's loss is (Σ of its per-sample losses)/B, exactly as in <see cref="Trainer"/>, and the
    /// sum over members is back-propagated (members share no weights, so each gets its own
    /// gradient). Returns each member's mean loss. A member whose loss is not finite is copied out
    /// before the optimizer step (its state is then what its solo run would end with) and leaves
    /// the group afterwards; its slice of the step is discarded, and nothing of it reaches the others.
    /// </summary>
    double[] Step(Tensor rows)
    {
        var batch = rows.shape[1];
        network!.ZeroGrad();
        using var scope = NewDisposeScope();
        var onDevice = rows.to(device);
        double[]? direct = null;
        var lossSum = UpdateStep.MicroBatches(batch, Plan.MicroBatch, (start, size) =>
        {
            var part = onDevice.narrow(1, start, size);

            // Row order: member-major for feature inputs; sample-major for images, so that the
            // selected [N·K, C, H, W] already is the fused layout [N, K·C, H, W].
            var memberMajor = part.reshape(-1);
            var order = network.Input == FusedLayout.Members ? memberMajor : part.t().reshape(-1);
            var output = network.Forward(data.Train.Inputs.index_select(0, order));
            var targets = data.Train.Targets.index_select(0, memberMajor);
            var losses = FusedLoss.Sum(data.Task, output, targets.view([network.Members, size, .. targets.shape[1..]]));
            if (negativeRates is not null)
            {
                // The backward pass will update the weights: copy a diverged member out first.
                direct = [.. losses.to(ScalarType.Float64, CPU).data<double>().Select(l => l / batch)];
                CopyOutDiverged(direct);
                negativeRates.Set([.. rates!.Values.Select(r => -r)]);
                network.Direct.Arm(negativeRates);
            }

            return losses;
        });
        network.Direct.Disarm();
        var meanLosses = lossSum.to(ScalarType.Float64, CPU).data<double>().ToArray();
        if (direct is null)
        {
            CopyOutDiverged(meanLosses);
        }

        if (meanLosses.Any(double.IsFinite))
        {
            if (clipNorms is not null)
            {
                FusedClip.Apply(network, clipNorms);
            }

            optimizer!.Step(rates!);
        }

        return meanLosses;
    }

    /// <summary>A member whose loss is not finite is copied out before anything of this update reaches it, and leaves afterwards.</summary>
    void CopyOutDiverged(double[] meanLosses)
    {
        for (var p = 0; p < meanLosses.Length; p++)
        {
            if (!double.IsFinite(meanLosses[p]))
            {
                network!.CopyTo(p, members[active[p]].Model);
            }
        }
    }

    public void Dispose()
    {
        negativeRates?.Dispose();
        network?.Dispose();
        optimizer?.Dispose();
        sampler?.Dispose();
        rates?.Dispose();
        clipNorms?.Dispose();
        prepared.Dispose();
    }
}
