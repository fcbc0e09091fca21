using BatchLab.Training;
using BatchLab.Training.Outputs;

namespace BatchLab.Tests.Training.Outputs;

public sealed class MetricsLogTests
{
    [Fact]
    public void Resuming_drops_lines_past_the_checkpoint_and_a_line_torn_by_a_kill()
    {
        var path = Path.Combine(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path,
            "{\"kind\":\"update\",\"update\":1,\"loss\":2.3}\n" +
            "{\"kind\":\"update\",\"update\":2,\"loss\":2.1}\n" +
            "{\"kind\":\"update\",\"update\":3,\"loss\":1.9}\n" +
            "{\"kind\":\"update\",\"update\":4,\"lo"); // the process died mid-line
        var plan = BatchPlan.Create(BatchSize.Of(4), null, null, 100);

        using (var log = new MetricsLog(path))
        {
            log.OnStart(new TrainingStart(plan, 0.1, 10, new TrainCounters { Update = 2 }));
        }

        Assert.Equal(["{\"kind\":\"update\",\"update\":1,\"loss\":2.3}", "{\"kind\":\"update\",\"update\":2,\"loss\":2.1}"], File.ReadAllLines(path));
        File.Delete(path);
    }
}
