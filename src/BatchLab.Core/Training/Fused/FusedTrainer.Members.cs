using BatchLab.Training.Checkpoints;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

public sealed partial class FusedTrainer
{
    /// <summary>Stacks the members' (possibly resumed) models and builds the optimizer, sampler and per-member rates.</summary>
    void Build(IReadOnlyList<IReadOnlyDictionary<string, Tensor>> savedOptimizerStates)
    {
        active = [.. Enumerable.Range(0, members.Count)];
        var positions = ledgers.Select(l => l.State.Position).Distinct().Count();
        if (positions != 1)
        {
            throw new BatchLabException("fused members must resume from the same update; resume them unfused");
        }

        network = FusedNetwork.Stack([.. members.Select(m => m.Model)], Plan.NormBatch);
        var options = members.Select(m => m.Options).ToList();
        optimizer = FusedOptimizers.Create(network, [.. options.Select(o => o.Optimizer)], dtype, device);
        optimizer.LoadState(savedOptimizerStates);
        foreach (var tensor in savedOptimizerStates.SelectMany(s => s.Values))
        {
            tensor.Dispose();
        }

        sampler = new FusedSampler(Plan, [.. options.Select(o => o.Seed)]);
        rates = new PerMember(ledgers.Select(l => l.LearningRate), dtype, device);
        clipNorms = options.Any(o => o.ClipGradNorm is not null)
            ? new PerMember(options.Select(o => o.ClipGradNorm ?? double.PositiveInfinity), dtype, device)
            : null;

        // One backward pass per update of plain SGD: the linear layers' updates go straight
        // through their weight-gradient products (DirectUpdate).
        var plainSgd = options.All(o => o.Optimizer is { Kind: Optimizers.OptimizerKind.Sgd, Momentum: 0, WeightDecay: 0 } && o.ClipGradNorm is null);
        negativeRates = plainSgd && Plan.MicroBatch >= Plan.Batch
            ? new PerMember(ledgers.Select(l => -l.LearningRate), dtype, device)
            : null;
    }

    /// <summary>Evaluations and checkpoints after an update, at the same updates for every member (they share B and the schedule).</summary>
    void AfterUpdate(bool epochEnded, Func<int, double> wall)
    {
        if (active.Count == 0)
        {
            return;
        }

        clock!.Charge(active);
        if (ledgers[active[0]].EvaluationDue(epochEnded))
        {
            Evaluate(wall);
        }

        // All members checkpoint together, so a resumed group finds one update they all hold.
        if (active.Any(k => ledgers[k].CheckpointDue(epochEnded)))
        {
            for (var p = 0; p < active.Count; p++)
            {
                ledgers[active[p]].State.WallSeconds = wall(active[p]);
                SaveCheckpoint(p);
                clock.Charge([active[p]]);
            }
        }
    }

    /// <summary>
    /// Ends <paramref name="leaving"/> as a solo run ends (final evaluation, checkpoint, result, OnEnd),
    /// then drops them from the fused network, optimizer, sampler and rates.
    /// </summary>
    void Retire(IReadOnlyList<int> leaving, RunEnd end, Func<int, double> wall)
    {
        if (leaving.Count == 0)
        {
            return;
        }

        clock!.Charge(active);
        foreach (var k in leaving)
        {
            var p = active.IndexOf(k);
            var (ledger, model) = (ledgers[k], members[k].Model);
            if (end != RunEnd.Diverged)
            {
                network!.CopyTo(p, model);
            }

            if (end != RunEnd.Interrupted && (ledger.State.LastEvaluatedUpdate != ledger.State.Update || ledger.LastProvisional))
            {
                ledger.Evaluate(model, data, wall(k));
            }

            ledger.State.WallSeconds = wall(k);
            if (end != RunEnd.Diverged && ledger.Hooks.Checkpoints is not null)
            {
                SaveCheckpoint(p);
            }

            clock.Charge([k]);
            ledger.State.WallSeconds = clock.Wall(k, []);
            var result = ledger.Result(end, divergences[k], WeightsHash.Of(model));
            results[k] = result;
            ledger.Notify(o => o.OnEnd(result));
        }

        var staying = active.Select((k, p) => (k, p)).Where(m => !leaving.Contains(m.k)).ToList();
        active = [.. staying.Select(m => m.k)];
        if (active.Count > 0)
        {
            List<int> positions = [.. staying.Select(m => m.p)];
            network!.Keep(positions);
            optimizer!.Keep(positions);
            sampler!.Keep(positions);
            rates!.Keep(positions);
            clipNorms?.Keep(positions);
            negativeRates?.Keep(positions);
        }
    }

    /// <summary>
    /// A scheduled evaluation of the active members in batched passes (<see cref="GroupEvaluation"/>),
    /// charged to them equally. A member whose run ends at this update is left to
    /// <see cref="Retire"/>, which evaluates it alone on whole splits: final values are what a
    /// solo evaluation gives.
    /// </summary>
    void Evaluate(Func<int, double> wall)
    {
        var due = active.Select((k, p) => (k, p)).Where(m => !ledgers[m.k].Finished(wall(m.k))).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var start = time.GetTimestamp();
        var subsets = new List<FusedNetwork>();
        GroupEvaluation.Outcome[] outcomes;
        try
        {
            outcomes = GroupEvaluation.Run([.. due.Select(m => ledgers[m.k])], positions => Forward([.. positions.Select(i => due[i].p)], subsets), data);
        }
        finally
        {
            subsets.ForEach(n => n.Dispose());
        }

        var share = time.GetElapsedTime(start).TotalSeconds / due.Count;
        clock!.Charge([.. due.Select(m => m.k)]);
        for (var i = 0; i < due.Count; i++)
        {
            ledgers[due[i].k].State.EvalSeconds += share;
            ledgers[due[i].k].RecordEvaluation(outcomes[i].Values, outcomes[i].Screened, true, data, wall(due[i].k));
        }
    }

    /// <summary>
    /// The batched forward pass of the members at <paramref name="positions"/>: the network itself
    /// for all of them, else a stack of their current weights (added to <paramref name="subsets"/>
    /// for the caller to dispose).
    /// </summary>
    Func<Tensor, Tensor> Forward(IReadOnlyList<int> positions, List<FusedNetwork> subsets)
    {
        if (positions.Count == network!.Members && positions.Select((p, i) => p == i).All(same => same))
        {
            return network.Infer;
        }

        foreach (var p in positions)
        {
            network.CopyTo(p, members[active[p]].Model);
        }

        var subset = FusedNetwork.Stack([.. positions.Select(p => members[active[p]].Model)], Plan.NormBatch);
        subsets.Add(subset);
        return subset.Infer;
    }

    string Fingerprint(int k) => RunFingerprint.Of(Plan, members[k].Options, ledgers[k].TotalUpdates, data.Name, members[k].Model);

    /// <summary>Member at position <paramref name="p"/> as a solo run's checkpoint (its own names, its own store).</summary>
    void SaveCheckpoint(int p)
    {
        var k = active[p];
        if (ledgers[k].Hooks.Checkpoints is null)
        {
            return;
        }

        using var scope = NewDisposeScope();
        network!.CopyTo(p, members[k].Model);
        ledgers[k].SaveCheckpoint(Fingerprint(k), members[k].Model.state_dict().Select(e => (e.Key, e.Value)), optimizer!.MemberState(p).ToList());
    }

    /// <summary>
    /// When members ask to resume: restores every member from the newest update that all of them
    /// hold a checkpoint for, and returns their optimizer states. No checkpoints at all start from
    /// scratch; checkpoints without an update in common are an error.
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, Tensor>> TryResume()
    {
        var fresh = members.Select(_ => (IReadOnlyDictionary<string, Tensor>)new Dictionary<string, Tensor>()).ToList();
        if (!ledgers.Any(l => l.Hooks.Resume))
        {
            return fresh;
        }

        if (ledgers.Any(l => l.Hooks.Checkpoints is null || !l.Hooks.Resume))
        {
            throw new BatchLabException("to resume a fused group, every member needs a checkpoint store and resume set");
        }

        var stored = ledgers.Select((l, k) => CheckpointReader.Decoded(l.Hooks.Checkpoints!, Fingerprint(k)).ToList()).ToList();
        try
        {
            if (stored.All(s => s.Count == 0))
            {
                return fresh;
            }

            var common = stored.Select(s => s.Select(c => c.State.Update).ToHashSet())
                .Aggregate((a, b) => [.. a.Intersect(b)]);
            if (common.Count == 0)
            {
                throw new BatchLabException("the fused members' checkpoints have no update in common; resume the members unfused or start over");
            }

            var update = common.Max();
            var states = new List<IReadOnlyDictionary<string, Tensor>>();
            for (var k = 0; k < members.Count; k++)
            {
                var checkpoint = stored[k].First(c => c.State.Update == update);
                CheckpointReader.RestoreModel(checkpoint, members[k].Model);
                ledgers[k].State = checkpoint.State;
                states.Add(CheckpointReader.OptimizerState(checkpoint).ToDictionary(e => e.Key, e => e.Value.clone().DetachFromDisposeScope()));
            }

            return states;
        }
        finally
        {
            foreach (var checkpoint in stored.SelectMany(s => s))
            {
                checkpoint.Dispose();
            }
        }
    }
}
