using BatchLab.Tests.Training.Fused;
using BatchLab.Training;

namespace BatchLab.Tests.Training;

/// <summary>
/// A long evaluation reports its progress chunk by chunk (issue 27: a real model's first
/// evaluation ran minutes with a still bar), and through the observers during training; the
/// values are those of an evaluation without progress.
/// </summary>
public class EvaluationProgressTests
{
    [Fact]
    public void An_evaluation_reports_each_chunk_and_ends_at_the_split_size()
    {
        using var data = FusedRuns.Images(n: 64, side: 6);
        using var model = FusedRuns.Model("mlp:8", data, seed: 1);
        var seen = new List<(long Done, long Total)>();

        var quiet = Evaluator.Evaluate(model, data.Train, data.Task, chunk: 10);
        var watched = Evaluator.Evaluate(model, data.Train, data.Task, chunk: 10, progress: (done, total) => seen.Add((done, total)));

        var n = data.Train.Count;
        Assert.Equal(Enumerable.Range(1, (int)((n + 9) / 10)).Select(k => (Math.Min(k * 10L, n), n)), seen);
        Assert.Equal(quiet, watched);
    }

    sealed class Watcher : ITrainingObserver
    {
        public List<(string Split, long Done, long Total)> Seen { get; } = [];

        public void OnEvaluationProgress(string split, long done, long total) => Seen.Add((split, done, total));
    }

    [Fact]
    public void Training_tells_its_observers_how_far_each_evaluation_has_read()
    {
        using var data = FusedRuns.Images(n: 64, side: 6);
        using var model = FusedRuns.Model("mlp:8", data, seed: 1);
        var watcher = new Watcher();
        var options = new TrainOptions { Batch = BatchSize.Of(8), Budget = new Budget(Updates: 4), Seed = 1, LearningRate = new LearningRateOptions(Lr: 0.05) };

        using var trainer = new Trainer(model, data, options, new TrainerHooks { Observers = [watcher] });
        trainer.Run();

        // Every split of every evaluation ends at its own size.
        foreach (var (split, count) in new[] { ("train", data.Train.Count), ("val", data.Validation.Count), ("test", data.Test.Count) }.Where(s => s.Item2 > 0))
        {
            Assert.Contains((split, count, count), watcher.Seen);
        }
    }
}
