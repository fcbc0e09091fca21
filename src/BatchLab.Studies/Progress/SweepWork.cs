using BatchLab.Runs;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Results;
using BatchLab.Sweeps.Workers;

namespace BatchLab.Studies.Progress;

/// <summary>
/// A sweep's work in worker-seconds, done and left, from what one update costs at each batch size.
/// A trial's own updates are its budget less what it inherits from the rung it continues
/// (<see cref="TrialContinuation"/>). Seconds per update at a B, the first known of: the study's
/// finished trials at that B (their own wall seconds over their own updates, so evaluation and
/// fused sharing are in them); its running trials at that B (seconds between two progress
/// reports over the updates between them, times the trials sharing the worker); the up-front
/// timing (<see cref="StepCosts"/>) scaled by how the measured figures compare with it (the median
/// ratio); the nearest measured B scaled by B (the per-sample cost). Queued trials are expected to
/// use the share of their budget the finished trials used (pruned, diverged and stopped-at-target
/// trials end early).
/// </summary>
public sealed class SweepWork(long trainSamples, StepCosts? timed)
{
    /// <summary>The study's training-set size (turns a budget into updates); 0 until known.</summary>
    public long TrainSamples { get; set; } = trainSamples;

    // A trial's parameters never change: parsed once (the view asks every second).
    readonly Dictionary<long, (long Batch, long Updates)?> parsed = [];

    /// <summary>Seconds per update measured on running trials, by B (the tracker's observations).</summary>
    public Dictionary<long, double> Running { get; } = [];

    /// <param name="Done">Worker-seconds of the work done.</param>
    /// <param name="Left">Worker-seconds of the work left, trials to come included.</param>
    /// <param name="LeftTrials">Trials not finished and to come: no more workers than these share what is left.</param>
    public sealed record Estimate(double Done, double Left, int LeftTrials, int Finished, int Total, int RunningTrials, IReadOnlyDictionary<long, double> SecondsPerUpdate, bool Measured);

    /// <param name="updates">Updates reached by each running trial, by trial number, where known (else half its work counts as done).</param>
    public Estimate Of(IReadOnlyList<Trial> trials, IReadOnlyDictionary<long, long> updates, IReadOnlyList<AheadTrial> ahead)
    {
        var work = trials.Where(t => t.State != TrialState.Failed).Select(t => (Trial: t, Work: Work(t, trials))).ToList();
        var finished = work.Where(w => IsFinished(w.Trial) && w.Work is not null).ToList();
        var measured = new Dictionary<long, (double Seconds, long Updates)>();
        double used = 0, budget = 0;
        foreach (var (t, w) in finished)
        {
            var (own, seconds) = Own(t, trials);
            if (own <= 0)
            {
                continue;
            }

            var m = measured.GetValueOrDefault(w!.Value.Batch);
            measured[w.Value.Batch] = (m.Seconds + seconds, m.Updates + own);
            used += Math.Min(own, w.Value.Updates);
            budget += w.Value.Updates;
        }

        var known = measured.ToDictionary(m => m.Key, m => m.Value.Seconds / m.Value.Updates);
        foreach (var (batch, seconds) in Running)
        {
            known.TryAdd(batch, seconds);
        }

        var costs = Costs(known, work.Where(w => w.Work is not null).Select(w => w.Work!.Value.Batch)
            .Concat(ahead.Select(a => Updates(a.Spec) is { } u ? u.Batch : 0).Where(b => b > 0)));
        var share = budget > 0 ? used / budget : 1;
        double done = 0, left = 0;
        foreach (var (t, w) in work)
        {
            if (w is not { } own || !costs.TryGetValue(own.Batch, out var cost))
            {
                continue;
            }

            if (IsFinished(t))
            {
                done += Math.Max(0, Own(t, trials).Updates) * cost;
                continue;
            }

            var expected = own.Updates * share;
            var reached = t.State == TrialState.Running
                ? updates.TryGetValue(t.Number, out var u) ? Math.Max(0, u - own.Inherited) : expected / 2
                : 0;
            done += reached * cost;
            left += Math.Max(0, expected - reached) * cost;
        }

        foreach (var a in ahead)
        {
            if (Updates(a.Spec) is { } u && costs.TryGetValue(u.Batch, out var cost))
            {
                left += u.Updates * a.Share * share * cost;
            }
        }

        return new Estimate(done, left, work.Count(w => !IsFinished(w.Trial)) + ahead.Count, finished.Count, work.Count, trials.Count(t => t.State == TrialState.Running), costs, known.Count > 0 || timed is not null);
    }

    /// <summary>Worker-seconds of one run of <paramref name="spec"/> at <paramref name="costs"/>, or at the timing before any estimate; null when neither has its B.</summary>
    public double? RunSeconds(RunSpec spec, IReadOnlyDictionary<long, double>? costs)
    {
        if (Updates(spec) is not { } u)
        {
            return null;
        }

        var all = Costs(costs is null ? [] : new Dictionary<long, double>(costs), [u.Batch]);
        return all.TryGetValue(u.Batch, out var cost) ? u.Updates * cost : null;
    }

    /// <summary>Seconds per update at every B asked for, from the measured ones (<paramref name="known"/>) and the timing.</summary>
    Dictionary<long, double> Costs(Dictionary<long, double> known, IEnumerable<long> batches)
    {
        var timing = timed?.SecondsPerUpdate ?? new Dictionary<long, double>();
        var ratios = known.Where(k => timing.TryGetValue(k.Key, out var t) && t > 0).Select(k => k.Value / timing[k.Key]).Order().ToList();
        var scale = ratios.Count == 0 ? 1 : ratios[ratios.Count / 2];
        var costs = new Dictionary<long, double>(known);
        foreach (var (batch, seconds) in timing)
        {
            costs.TryAdd(batch, seconds * scale);
        }

        foreach (var batch in batches.Distinct().Where(b => !costs.ContainsKey(b)).ToList())
        {
            if (costs.Count > 0)
            {
                var nearest = costs.MinBy(c => Math.Abs(Math.Log((double)c.Key / batch)));
                costs[batch] = nearest.Value * batch / nearest.Key;
            }
        }

        return costs;
    }

    static bool IsFinished(Trial t) => t.State is TrialState.Complete or TrialState.Pruned or TrialState.Diverged;

    /// <summary>A finished trial's own updates and wall seconds: its summary's less the rung's it continued.</summary>
    /// <summary>The lower rung <paramref name="trial"/> continues, or null; only a trial on a budget or stop axis can.</summary>
    static Trial? Parent(Trial trial, IReadOnlyList<Trial> trials) =>
        (trial.Key.Contains($"\"{Sweeps.Specs.GridAxes.BudgetFraction.Name}\"", StringComparison.Ordinal) || trial.Key.Contains($"\"{Sweeps.Specs.GridAxes.StopAtTarget.Name}\"", StringComparison.Ordinal))
        && TrialContinuation.Continuable(trial) ? TrialContinuation.Parent(trials, trial) : null;

    static (long Updates, double Seconds) Own(Trial trial, IReadOnlyList<Trial> trials)
    {
        if (TrialSummaries.Of(trial) is not { } s)
        {
            return (0, 0);
        }

        var parent = Parent(trial, trials);
        var p = parent is null ? null : TrialSummaries.Of(parent);
        return (s.Updates - (p?.Updates ?? 0), s.WallSeconds - (p?.WallSeconds ?? 0));
    }

    /// <summary>A trial's batch size; null where its spec cannot say.</summary>
    public long? BatchOf(Trial trial) => Work(trial, [])?.Batch;

    /// <summary>A trial's B, its own update budget and the updates it inherits; null where its spec gives no count (a time budget).</summary>
    (long Batch, long Updates, long Inherited)? Work(Trial trial, IReadOnlyList<Trial> trials)
    {
        if (!parsed.TryGetValue(trial.Id, out var work))
        {
            parsed[trial.Id] = work = Updates(trial.Parameters);
        }

        if (work is not { } u)
        {
            return null;
        }

        var parent = Parent(trial, trials);
        var inherited = parent is null ? 0 : TrialSummaries.Of(parent)?.Updates ?? 0;
        return (u.Batch, Math.Max(0, u.Updates - inherited), inherited);
    }

    (long Batch, long Updates)? Updates(string parameters)
    {
        try
        {
            return Updates(RunSpec.FromJson(parameters));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or BatchLabException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A spec's B and update budget on the study's training set.</summary>
    public (long Batch, long Updates)? Updates(RunSpec spec)
    {
        try
        {
            var plan = spec.Train.Plan(TrainSamples);
            return spec.Train.Budget.TotalUpdates(plan) is long updates ? (plan.Batch, updates) : null;
        }
        catch (Exception e) when (e is BatchLabException or ArgumentException)
        {
            return null;
        }
    }
}
