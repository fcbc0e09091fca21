using BatchLab.Runtime;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Runtime;

public class TorchLoadsTests
{
    [Fact]
    public void A_fresh_process_loads_torch_and_one_step_lowers_the_loss()
    {
        var result = CliProcess.Run("doctor", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.True(json.GetProperty("loss_after").GetDouble() < json.GetProperty("loss_before").GetDouble());
    }

    [Fact]
    public void In_process_torch_trains_one_step()
    {
        var report = TorchHealth.Check();

        // One gradient step of size 0.5 on a convex quadratic from w = 0 must lower the loss.
        Assert.True(report.LossAfter < report.LossBefore);
    }
}
