using System.Collections.Concurrent;
using BatchLab.Sweeps;

namespace BatchLab.Tests.Storage;

public abstract partial class ExperimentStoreContract
{
    const int Workers = 6;
    const int TrialCount = 40;
    const int UpdatesPerTrial = 5;

    /// <summary>
    /// Six workers, each with its own store (own connections, as separate processes would have),
    /// start at once on a fresh database: each submits the same 40-trial sweep, then claims and
    /// runs trials until none remain, writing metrics, a checkpoint and a result for each.
    /// </summary>
    [Fact]
    public void Concurrent_workers_submit_once_and_claim_every_trial_exactly_once()
    {
        var claims = new ConcurrentBag<(long Trial, string Worker)>();
        var added = new ConcurrentBag<int>();
        var errors = new ConcurrentBag<Exception>();
        var keys = Enumerable.Range(0, TrialCount).Select(i => $"t{i:00}").ToArray();
        using var go = new Barrier(Workers);

        var threads = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
        {
            try
            {
                go.SignalAndWait();
                var store = Store();
                var worker = new WorkerIdentity($"w{w}", "host", w);
                store.CreateOrGetStudy("sweep", """{"grid": 40}""");
                added.Add(store.AddTrials("sweep", Grid(keys)));
                while (store.ClaimNext(worker, "sweep") is { } trial)
                {
                    claims.Add((trial.Id, worker.WorkerId));
                    for (var u = 0; u < UpdatesPerTrial; u++)
                    {
                        store.AppendMetrics(trial.Lease, [new("loss", u, (trial.Number * 100) + u)]);
                    }

                    store.SaveCheckpoint(trial.Lease, UpdatesPerTrial - 1, BitConverter.GetBytes(trial.Number));
                    store.Complete(trial.Lease, TrialState.Complete, $$"""{"worker": "{{worker.WorkerId}}"}""");
                }
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.Equal(TrialCount, added.Sum());
        var store = Store();
        var trials = store.TrialsOf("sweep");
        Assert.Equal(Enumerable.Range(0, TrialCount), trials.Select(t => t.Number));
        Assert.Equal(TrialCount, claims.Count);
        Assert.Equal(trials.Select(t => t.Id).Order(), claims.Select(c => c.Trial).Order());
        Assert.Equal(new TrialCounts(0, 0, TrialCount, 0, 0, 0), store.Counts("sweep"));
        foreach (var trial in trials)
        {
            var worker = claims.Single(c => c.Trial == trial.Id).Worker;
            Assert.Equal((1, $$"""{"worker": "{{worker}}"}"""), (trial.Attempt, trial.FinalValues));
            Assert.Equal(Enumerable.Range(0, UpdatesPerTrial).Select(u => (double)((trial.Number * 100) + u)), store.Metrics(trial.Id).Select(m => m.Value));
            Assert.Equal(worker, store.Attempts(trial.Id).Single().WorkerId);
            Assert.Equal(trial.Number, BitConverter.ToInt32(store.LoadCheckpoints(trial.Id).Single().Data.Span));
        }
    }
}
