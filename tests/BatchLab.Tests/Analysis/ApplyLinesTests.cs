using BatchLab.Studies;
using BatchLab.Studies.Analysis;

namespace BatchLab.Tests.Analysis;

public class ApplyLinesTests
{
    [Fact]
    public void The_train_command_and_the_pytorch_lines_carry_the_recommended_B_M_and_eta_with_accumulation_when_M_is_below_B()
    {
        var spec = StudyPresets.Get("smoke").Sweep.Base;
        var r = new Recommendation(256, 64, 0.5, 0.5 / 256, null, []);

        var lines = ApplyLines.Of(spec, r);

        Assert.Equal($"batchlab train --data {spec.Data} --model {spec.Model} --batch 256 --micro-batch 64 --optimizer sgd --lr 0.5 --target val_error=0.3", lines[0]);
        Assert.Contains("loader = DataLoader(train_set, batch_size=64, shuffle=True)", lines);
        Assert.Contains("optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0, weight_decay=0)", lines);
        Assert.StartsWith("# accumulate 4 micro-batches per update (B = 256): loss = criterion(model(x), y) * len(x) / 256", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(ApplyLines.Of(spec, r with { MicroBatch = 256 }), l => l.Contains("accumulate", StringComparison.Ordinal));
        Assert.Empty(ApplyLines.Of(spec, r with { LearningRate = null }));
    }
}
