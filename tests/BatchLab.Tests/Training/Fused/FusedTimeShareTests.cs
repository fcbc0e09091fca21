using System.Diagnostics;
using BatchLab.Tests.Support;
using BatchLab.Training;

namespace BatchLab.Tests.Training.Fused;

/// <summary>A fused member is charged its share of the group's time, not the whole group's.</summary>
[Collection(GlobalRandomCollection.Name)]
public class FusedTimeShareTests
{
    [Fact]
    public void Members_wall_and_step_seconds_add_up_to_the_groups()
    {
        using var data = TinyData.Classification(n: 400);
        TrainOptions Trial(long seed) => new() { Batch = BatchSize.Of(8), Budget = new Budget(Updates: 300), EvalEvery = Duration.Updates(100), Seed = seed, LearningRate = new LearningRateOptions(Lr: 0.05) };

        var clock = Stopwatch.StartNew();
        var results = FusedRuns.Fused("mlp:16", data, [Trial(1), Trial(2), Trial(3), Trial(4)]);
        var elapsed = clock.Elapsed.TotalSeconds;

        // Before, every member stored the group's time: the sum was 4× the elapsed time.
        var wall = results.Sum(r => r.Result.WallSeconds);
        Assert.InRange(wall, 0.5 * elapsed, 1.01 * elapsed);
        Assert.True(results.Sum(r => r.Result.StepSeconds) <= wall);
        var steps = results.Select(r => r.Result.StepSeconds).ToList();
        Assert.True(steps.Max() <= steps.Min() * 1.01, string.Join(", ", steps)); // equal shares of the same fused steps
    }
}
