using System.Diagnostics;
using BatchLab.Models;
using BatchLab.Runs;
using BatchLab.Sweeps.Storage;
using BatchLab.Training;
using BatchLab.Training.Fused;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Runs claimed trials in fused groups (<see cref="FusedTrainer"/>): after the first trial it
/// claims further trials that can join its group, up to the number of members that fit in memory
/// (<see cref="FusedCapacity"/>), groups those that can train together (same data, model and
/// shared options, <see cref="FusedCompatibility"/>; and the same stored checkpoints, so a group
/// interrupted together resumes together, or the same lower rung's checkpoints,
/// <see cref="TrialContinuation"/>), and trains each group in turn. A trial without company
/// trains as a group of one, so that every trial of a fusable model always follows the fused
/// arithmetic. For models of linear layers its float rounding does not depend on the group size
/// (K = 1 and K = 3 members end bit-identical), so a trial interrupted in one group resumes exactly
/// in any other, or alone; convolutions pick their native kernel by the group count, so there a
/// resume in another group agrees to float32 rounding (relative 1e-7 to 7e-7 after 30 updates).
/// Only a model without a fused form trains with the solo trainer. Trials wait for their group's
/// turn holding their leases. Each member is stored exactly as a solo attempt would store it, and a
/// member that loses its claim leaves the group alone (<see cref="LeaseGuard"/>). The further
/// claims are made among the queued trials whose parameters fit the first one's group.
/// </summary>
public sealed class FusedTrialRunner : ITrialRunner, IDisposable
{
    readonly IExperimentStore store;
    readonly TrialRunOptions options;
    readonly WorkerIdentity identity;
    readonly string? study;
    readonly long budgetBytes;
    readonly DataCache data;
    readonly TrialRunner single;
    readonly Action<string> log;

    /// <param name="log">Receives one line per fused group (which trials train together).</param>
    public FusedTrialRunner(IExperimentStore store, TrialRunOptions options, WorkerIdentity identity, string? study, Action<string>? log = null, long? budgetBytes = null)
    {
        this.log = log ?? (_ => { });
        this.store = store;
        this.options = options;
        this.identity = identity;
        this.study = study;
        this.budgetBytes = budgetBytes ?? FusedCapacity.DefaultBudget;
        data = new DataCache(options.Data);
        single = new TrialRunner(store, options, data);
    }

    public IReadOnlyList<TrialOutcome> Run(Trial trial, CancellationToken stop)
    {
        var first = RunSpec.FromJson(trial.Parameters);
        var capacity = Capacity(first);
        if (capacity == 0)
        {
            return single.Run(trial, stop);
        }

        // Claim only trials that join this group, chosen among the queued ones by their
        // parameters, so that the others stay in the queue for other workers.
        var claims = new List<Claim> { Hold(trial) };
        var candidates = Candidates(claims[0]);
        while (claims.Count < capacity && candidates.Count > 0 && !stop.IsCancellationRequested
            && store.ClaimNext(identity, study, candidates) is { } next)
        {
            candidates.Remove(next.Id);
            var claim = Hold(next);
            if (claim.Group != claims[0].Group)
            {
                // Its stored checkpoints differ (it ran before, in another group): not this group.
                claim.StopHeartbeat();
                store.Release(next.Lease);
                continue;
            }

            claims.Add(claim);
        }

        try
        {
            return RunGroup(claims, stop);
        }
        finally
        {
            foreach (var claim in claims)
            {
                claim.StopHeartbeat();
            }
        }
    }

    IReadOnlyList<TrialOutcome> RunGroup(List<Claim> group, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        double Seconds() => Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (group.Count > 1)
        {
            log($"{group[0].Trial.Study}: trials {string.Join(", ", group.Select(c => c.Trial.Number))} train fused (K = {group.Count})");
        }
        var dataset = data.Get(group[0].Spec);
        var guards = group.Select(c => new LeaseGuard(c.Keeper.Lost)).ToList();
        var metrics = group.Select(c => new StoreMetrics(store, c.Trial.Lease, options.MetricsEvery, c.Source.Parent)).ToList();
        var members = new List<FusedMember>();
        try
        {
            for (var k = 0; k < group.Count; k++)
            {
                var hooks = new TrainerHooks
                {
                    Observers = [guards[k].Observer(metrics[k]), .. options.Observers(group[k].Trial)],
                    Checkpoints = guards[k].Checkpoints(new StoreCheckpoints(store, group[k].Trial.Lease, metrics[k], group[k].Source.Checkpoints)),
                    CheckpointEvery = options.CheckpointEvery,
                    CheckpointInterval = options.CheckpointInterval,
                    Resume = true,
                };
                members.Add(new FusedMember(RunFactory.CreateModel(group[k].Spec, dataset), group[k].Spec.Train, hooks, guards[k].Token));
            }

            using var trainer = new FusedTrainer(members, dataset);
            var results = trainer.Run(stop);
            return [.. group.Select((c, k) =>
            {
                guards[k].Write(metrics[k].Flush);
                return TrialEnding.Finished(store, c.Trial, results[k], TrainSummary.From(results[k], trainer.Plan), c.Keeper, Seconds());
            })];
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            return [.. group.Select(c => TrialEnding.Failed(store, c.Trial, e, c.Keeper, Seconds()))];
        }
        finally
        {
            members.ForEach(m => m.Model.Dispose());
            guards.ForEach(g => g.Dispose());
        }
    }

    /// <summary>Members a group of <paramref name="spec"/> may have (at least 1); 0 when its model has no fused form or its B is adaptive.</summary>
    int Capacity(RunSpec spec)
    {
        if (spec.Train.Adaptive is not null)
        {
            return 0; // every member would pick its own B: an adaptive run trains with the solo trainer
        }

        try
        {
            var dataset = data.Get(spec);
            var input = new ModelInput(dataset.SampleShape, dataset.Outputs);
            using var layout = ModelZoo.BuildWithoutWeights(spec.Model, input);
            if (!FusedArchitecture.IsFusable(layout, out _))
            {
                return 0;
            }

            var plan = spec.Train.Plan(dataset.Train.Count);
            var bytes = spec.Train.Precision == Precision.Float64 ? 8 : 4;
            return FusedCapacity.Members(spec.Model, input, plan.MicroBatch, budgetBytes, bytes);
        }
        catch (BatchLabException)
        {
            return 0; // a bad spec fails in the solo runner, with its message stored
        }
    }

    /// <summary>Queued trials of the study whose parameters put them in <paramref name="first"/>'s group (checkpoints are checked once claimed).</summary>
    HashSet<long> Candidates(Claim first) =>
    [
        .. store.TrialsOf(first.Trial.Study).Where(t => t.State == TrialState.Queued && t.Id != first.Trial.Id).Where(t =>
        {
            try
            {
                var spec = RunSpec.FromJson(t.Parameters);
                return GroupKey.Of(spec, first.Group.Checkpoints) == first.Group;
            }
            catch (Exception e) when (e is BatchLabException or System.Text.Json.JsonException)
            {
                return false; // a bad spec fails in the solo runner, with its message stored
            }
        }).Select(t => t.Id).Order().Take(256),
    ];

    Claim Hold(Trial trial)
    {
        var spec = RunSpec.FromJson(trial.Parameters);
        var source = TrialContinuation.Of(store, trial);
        var checkpoints = string.Join(',', source.Checkpoints.Select(c => c.Update));
        var group = GroupKey.Of(spec, checkpoints);
        return new Claim(trial, spec, group, source, LeaseKeeper.Start(store, trial.Lease, options.Lease, options.StorePatience));
    }

    public void Dispose()
    {
        single.Dispose();
        data.Dispose();
    }

    /// <summary>What trials must share to train in one group: data, model, the shared options and the stored checkpoints' updates.</summary>
    sealed record GroupKey(string Data, BatchLab.Data.DataOptions Options, string Model, TrainOptions Shared, string Checkpoints)
    {
        public static GroupKey Of(RunSpec spec, string checkpoints) =>
            new(spec.Data, spec.DataOptions, spec.Model, FusedCompatibility.Key(spec.Train), checkpoints);
    }

    /// <summary>A claimed trial waiting for, or in, its group, with the thread that keeps its lease.</summary>
    sealed record Claim(Trial Trial, RunSpec Spec, GroupKey Group, TrialContinuation.Source Source, LeaseKeeper Keeper)
    {
        bool stopped;

        public void StopHeartbeat()
        {
            if (!stopped)
            {
                stopped = true;
                Keeper.Dispose();
            }
        }
    }
}
