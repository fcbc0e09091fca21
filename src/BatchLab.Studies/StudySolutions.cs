using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Studies.Analysis;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;
using BatchLab.Text;
using BatchLab.Training.Checkpoints;
using static TorchSharp.torch;

namespace BatchLab.Studies;

/// <summary>A finished trial the diagnostics look at, with a label for the report.</summary>
public sealed record StudySolution(string Label, Trial Trial, FinishedTrial Result);

/// <summary>
/// The trained solutions a study's diagnostics examine (never a diverged or pruned run), chosen by validation error: the best
/// overall, and the best at the smallest and at the largest batch size (Keskar et al.'s small- vs
/// large-batch comparison). Their weights come from each trial's final checkpoint in the store.
/// </summary>
public static class StudySolutions
{
    /// <summary>The study's finished trials, without a budgeted study's rungs (shorter budgets: their results are decisions, not answers).</summary>
    public static IReadOnlyList<(Trial Trial, FinishedTrial Result)> Finished(IExperimentStore store, string study) =>
        [.. store.TrialsOf(study).Where(t => !Budgeted.BudgetedStudy.IsRung(t)).Select(t => (t, FinishedTrial.From(t))).Where(p => p.Item2 is not null).Select(p => (p.t, p.Item2!))];

    public static StudySolution? Best(IReadOnlyList<(Trial Trial, FinishedTrial Result)> finished, Func<FinishedTrial, bool>? where = null, string label = "lowest validation error")
    {
        var candidates = finished.Where(f => !f.Result.Diverged && !f.Result.Pruned && f.Result.OnFixedGrid && (where?.Invoke(f.Result) ?? true)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var best = candidates.MinBy(f => Score(f.Result));
        return new StudySolution($"{label} (B = {NumberFormat.Batch(best.Result.Batch, best.Result.FullBatch)}, η̃ = {NumberFormat.Rate(best.Result.BaseLearningRate)}, seed {best.Result.Seed})", best.Trial, best.Result);
    }

    /// <summary>The best solution at the smallest and at the largest batch size that trained.</summary>
    public static (StudySolution? Small, StudySolution? Large) Extremes(IReadOnlyList<(Trial Trial, FinishedTrial Result)> finished)
    {
        var trained = finished.Where(f => !f.Result.Diverged && !f.Result.Pruned && f.Result.OnFixedGrid).Select(f => f.Result.Batch).Distinct().Order().ToList();
        if (trained.Count == 0)
        {
            return (null, null);
        }

        return (Best(finished, r => r.Batch == trained[0], "smallest batch"), trained.Count > 1 ? Best(finished, r => r.Batch == trained[^1], "largest batch") : null);
    }

    /// <summary>A model of the study's spec holding <paramref name="solution"/>'s final weights.</summary>
    public static nn.Module<Tensor, Tensor> Load(IExperimentStore store, StudySolution solution, Dataset data)
    {
        var spec = RunSpec.FromJson(solution.Trial.Parameters);
        var model = RunFactory.CreateModel(spec, data);
        foreach (var stored in store.LoadCheckpoints(solution.Trial.Id))
        {
            Checkpoint checkpoint;
            try
            {
                checkpoint = Checkpoint.Decode(stored.Data.ToArray());
            }
            catch (InvalidDataException)
            {
                continue;
            }

            using (checkpoint)
            {
                CheckpointWeights.Apply(checkpoint, model, $"trial {solution.Trial.Id}'s checkpoint");
                return model;
            }
        }

        throw new BatchLabException($"trial {solution.Trial.Id} ({solution.Label}) has no readable checkpoint in the store; rerun the study to retrain it");
    }

    static double Score(FinishedTrial r) =>
        r.Final.TryGetValue("val_error", out var e) && double.IsFinite(e) ? e
        : r.Final.TryGetValue("val_loss", out var l) && double.IsFinite(l) ? l
        : r.FinalOr("test_error");
}
