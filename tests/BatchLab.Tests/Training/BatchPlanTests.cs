using BatchLab.Training;

namespace BatchLab.Tests.Training;

public class BatchPlanTests
{
    [Fact]
    public void Plan_counts_updates_micro_batches_and_samples()
    {
        var plan = BatchPlan.Create(BatchSize.Of(32), 8, null, 1000);

        Assert.Equal(32, plan.UpdatesPerEpoch); // ⌈1000/32⌉
        Assert.Equal(8, plan.LastUpdateSize); // 1000 − 31·32
        Assert.Equal(4, plan.MicroBatchesPerUpdate);
        Assert.Equal(1000, plan.SamplesPerEpoch);
    }

    [Fact]
    public void Drop_last_and_full_batch()
    {
        Assert.Equal(31, BatchPlan.Create(BatchSize.Of(32), null, null, 1000, dropLast: true).UpdatesPerEpoch);
        var full = BatchPlan.Create(BatchSize.Full, 100, null, 1000);
        Assert.Equal(1000, full.Batch);
        Assert.Equal(1, full.UpdatesPerEpoch);
        Assert.Equal(10, full.MicroBatchesPerUpdate);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("abc")]
    public void Bad_batch_strings_are_rejected(string text) =>
        Assert.Throws<BatchLabException>(() => BatchSize.Parse(text));

    [Fact]
    public void Inconsistent_sizes_name_the_fix()
    {
        Assert.Contains("--batch full", Assert.Throws<BatchLabException>(() => BatchPlan.Create(BatchSize.Of(2000), null, null, 1000)).Message);
        Assert.Contains("larger than the batch", Assert.Throws<BatchLabException>(() => BatchPlan.Create(BatchSize.Of(16), 32, null, 1000)).Message);
        Assert.Contains("must divide the micro-batch", Assert.Throws<BatchLabException>(() => BatchPlan.Create(BatchSize.Of(32), 16, 6, 1000)).Message);
    }

    [Fact]
    public void Learning_rate_rules()
    {
        Assert.Equal(64 * 0.001, new LearningRateOptions(BaseLr: 0.001).PeakFor(64), 12);
        Assert.Equal(0.4, new LearningRateOptions(Lr: 0.1, Scaling: LrScaling.Linear, RefBatch: 256).PeakFor(1024), 12);
        Assert.Equal(0.2, new LearningRateOptions(Lr: 0.1, Scaling: LrScaling.Sqrt, RefBatch: 256).PeakFor(1024), 12);
        Assert.Throws<BatchLabException>(() => new LearningRateOptions(Lr: -1).PeakFor(1));
        Assert.Throws<BatchLabException>(() => new LearningRateOptions(Lr: 0.1, BaseLr: 0.1).PeakFor(1));
    }

    [Fact]
    public void Schedules_warm_up_then_decay()
    {
        var cosine = new LrSchedule(new LearningRateOptions(Lr: 1, Schedule: ScheduleKind.Cosine), 1.0, warmupUpdates: 10, totalUpdates: 110);
        Assert.Equal(0.1, cosine.At(0), 12);
        Assert.Equal(1.0, cosine.At(10), 12);
        Assert.Equal(0.5, cosine.At(60), 12);
        var step = new LrSchedule(new LearningRateOptions(Lr: 1, Schedule: ScheduleKind.Step, Drops: [0.5]), 1.0, 0, 100);
        Assert.Equal(1.0, step.At(49), 12);
        Assert.Equal(0.1, step.At(50), 12);
        var linear = new LrSchedule(new LearningRateOptions(Lr: 1, Schedule: ScheduleKind.Linear, FinalFraction: 0.1), 1.0, 0, 100);
        Assert.Equal(0.55, linear.At(50), 12);
    }
}
