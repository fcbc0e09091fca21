using BatchLab.Saddle;

namespace BatchLab.Tests.Diagnostics.Saddle;

public class PlaneSaddleTests
{
    static readonly PlaneSaddleOptions Options = new();

    static readonly int[] Seeds = [0, 1, 2, 3, 4];

    [Fact]
    public void Gradient_descent_started_exactly_at_the_saddle_stays_there_bit_for_bit()
    {
        var run = PlaneDescent.Run(EscapeMethod.Gd, 0, 0, [0], Options).Single();

        Assert.Equal(0.0, run.StartGradientNorm);
        Assert.All(run.TrajectoryX!.Concat(run.TrajectoryY!), v => Assert.Equal(0.0, v));
        Assert.False(run.Escaped);
    }

    [Fact]
    public void Gradient_descent_on_the_stable_manifold_converges_to_the_saddle_and_never_leaves_the_axis()
    {
        var run = PlaneDescent.Run(EscapeMethod.Gd, Options.StartX, 0, [0], Options).Single();

        Assert.All(run.TrajectoryY!, y => Assert.Equal(0.0, y));
        Assert.True(Math.Abs(run.FinalX) < 1e-12, $"x = {run.FinalX}");
        Assert.Equal(PlaneSaddle.SaddleValue, run.FinalObjective, 1e-20);
    }

    [Theory]
    [InlineData(EscapeMethod.Sgd)]
    [InlineData(EscapeMethod.PerturbedGd)]
    public void Noise_and_perturbation_escape_to_a_minimum_in_every_seed(EscapeMethod method)
    {
        var runs = PlaneDescent.Run(method, Options.StartX, 0, Seeds, Options);

        Assert.All(runs, r =>
        {
            Assert.NotNull(r.StepsToMinimum);
            Assert.Equal(PlaneSaddle.MinimumY, Math.Abs(r.FinalY), 0.05);
        });
    }
}
