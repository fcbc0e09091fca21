using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments;

/// <summary>Resubmitting, changing and extending a sweep, on a real (SQLite) store.</summary>
public sealed class SweepSubmissionTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("batchlab-submit-").FullName;
    readonly IExperimentStore store;

    public SweepSubmissionTests() => store = ExperimentStores.Open($"sqlite:{Path.Combine(directory, "s.db")}");

    [Fact]
    public void Resubmitting_the_same_spec_creates_no_trials_and_keeps_finished_ones()
    {
        var first = SweepSubmission.Submit(store, "s", SweepSpecTests.Spec());
        var claimed = store.ClaimNext(WorkerIdentity.Current("w"), "s")!;
        store.Complete(claimed.Lease, TrialState.Complete, "{}");

        var again = SweepSubmission.Submit(store, "s", SweepSpecTests.Spec(batch: "16,full"));

        Assert.Equal((12L, 12), (first.Points, first.Added));
        Assert.Equal((12L, 0), (again.Points, again.Added));
        Assert.Equal(first.Study, again.Study);
        Assert.Equal(new TrialCounts(11, 0, 1, 0, 0, 0), store.Counts("s"));
    }

    [Fact]
    public void A_changed_grid_is_refused_saying_what_changed_unless_extended()
    {
        SweepSubmission.Submit(store, "s", SweepSpecTests.Spec());

        var e = Assert.Throws<BatchLabException>(() => SweepSubmission.Submit(store, "s", SweepSpecTests.Spec(batch: "16,32,full", seeds: 3)));

        Assert.Equal("study 's' already exists with a different spec (adds seed 2, batch 32): pass --extend to add the new points, or choose another --name", e.Message);
        Assert.Equal(12, store.TrialsOf("s").Count);
    }

    [Fact]
    public void A_study_whose_preset_changed_is_told_to_choose_another_name_not_an_option_it_lacks()
    {
        SweepSubmission.Submit(store, "s", SweepSpecTests.Spec());

        var e = Assert.Throws<BatchLabException>(() => SweepSubmission.Create(store, "s", SweepSpecTests.Spec(batch: "16,32,full"), extensible: false));

        Assert.Equal("study 's' already exists with a different spec (adds batch 32; an earlier version of the preset, or other options): choose another --name, or another --store", e.Message);
        Assert.Equal(12, store.TrialsOf("s").Count);
    }

    [Fact]
    public void Extending_adds_only_the_new_points_numbered_after_the_old_ones()
    {
        var before = SweepSubmission.Submit(store, "s", SweepSpecTests.Spec());
        var oldKeys = store.TrialsOf("s").Select(t => (t.Number, t.Key)).ToList();

        var extended = SweepSubmission.Submit(store, "s", SweepSpecTests.Spec(batch: "16,32,full", seeds: 3), extend: true);
        var trials = store.TrialsOf("s");

        Assert.Equal((27L, 15), (extended.Points, extended.Added));
        Assert.Equal(27, trials.Count);
        Assert.Equal(oldKeys, trials.Take(12).Select(t => (t.Number, t.Key)));
        Assert.Equal(SweepSpecTests.Spec(batch: "16,32,full", seeds: 3).Trials().Select(t => t.Key).Order(), trials.Select(t => t.Key).Order());
        Assert.NotEqual(before.Study.SpecHash, extended.Study.SpecHash);
        Assert.Equal(0, SweepSubmission.Submit(store, "s", SweepSpecTests.Spec(batch: "16,32,full", seeds: 3)).Added);
    }

    [Fact]
    public void Extending_refuses_a_changed_base_run_a_new_axis_and_dropped_values()
    {
        SweepSubmission.Submit(store, "s", SweepSpecTests.Spec());
        var longer = new SweepSpec(
            SweepSpecTests.Base with { Train = SweepSpecTests.Base.Train with { Budget = new Budget(Epochs: 3) } },
            SweepSpecTests.Spec().Axes);
        var withMomentum = new SweepSpec(SweepSpecTests.Base, [.. SweepSpecTests.Spec().Axes, GridAxis.Parse("momentum", "0.9", "--momentum")]);

        Assert.Contains("its base run (data, model or training options) differs: choose another --name",
            Assert.Throws<BatchLabException>(() => SweepSubmission.Submit(store, "s", longer, extend: true)).Message);
        Assert.Contains("its grid has the axes seed, batch, base_lr, not seed, batch, momentum, base_lr",
            Assert.Throws<BatchLabException>(() => SweepSubmission.Submit(store, "s", withMomentum, extend: true)).Message);
        Assert.Contains("the given grid drops batch full: list the stored values too",
            Assert.Throws<BatchLabException>(() => SweepSubmission.Submit(store, "s", SweepSpecTests.Spec(batch: "16,32"), extend: true)).Message);
        Assert.Equal(12, store.TrialsOf("s").Count);
    }

    public void Dispose()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
