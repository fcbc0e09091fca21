using BatchLab.Saddle;

namespace BatchLab.Tests.Diagnostics.Saddle;

public class SaddleDescentTests
{
    static readonly int[] Seeds = [0, 1, 2, 3, 4];

    static readonly SaddleEscapeOptions Small = new() { Dimension = 4, LearningRate = 0.005, StepBudget = 1000 };

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(256)]
    public void Sgd_escapes_in_every_seed_within_the_budget(int batch)
    {
        using var problem = OrthogonalTensor.Random(Small.Dimension, Seeds);

        var runs = SaddleDescent.Run(problem, Seeds, EscapeMethod.Sgd, batch, Small).Select(r => r.Run).ToList();

        Assert.All(runs, r => Assert.True(r.Escaped, $"seed {r.Seed} at B = {batch} never escaped (final f {r.FinalObjective})"));
    }

    [Fact]
    public void Perturbed_gradient_descent_escapes_in_every_seed_and_reaches_the_minimum()
    {
        using var problem = OrthogonalTensor.Random(Small.Dimension, Seeds);

        var runs = SaddleDescent.Run(problem, Seeds, EscapeMethod.PerturbedGd, null, Small).Select(r => r.Run).ToList();

        Assert.All(runs, r =>
        {
            Assert.True(r.ReachedMinimum, $"seed {r.Seed}: final f {r.FinalObjective}");
            Assert.InRange(r.Perturbations, 1, Small.StepBudget / Small.Perturbation.Interval);
        });
    }

    [Fact]
    public void Gradient_descent_from_a_tiny_offset_escapes_when_the_growth_factor_predicts()
    {
        var options = Small with { GdOffset = 1e-12, StepBudget = 1500 };
        using var problem = OrthogonalTensor.Random(options.Dimension, [0, 1]);

        var runs = SaddleDescent.Run(problem, [0, 1], EscapeMethod.Gd, null, options, options.GdOffset);
        var predicted = EscapeTheory.For(options).OffsetEscapeSteps!.Value;

        // (1.02)^t growth from 1e-12 to the escape threshold: 1321 steps; the curvature's decline
        // near the threshold adds a few.
        Assert.All(runs, r => Assert.InRange(r.Run.StepsToEscape!.Value, predicted, predicted * 1.01));
    }

    [Fact]
    public void Exact_gradient_descent_from_the_float64_saddle_cannot_leave_before_rounding_error_could_grow()
    {
        // Even a 1e-15 offset needs ln(0.2275/1e-15)/ln(1.02) = 1472 steps to reach the escape threshold.
        var options = Small with { StepBudget = 1000 };
        using var problem = OrthogonalTensor.Random(options.Dimension, Seeds);

        var runs = SaddleDescent.Run(problem, Seeds, EscapeMethod.Gd, null, options).Select(r => r.Run).ToList();

        Assert.All(runs, r =>
        {
            Assert.False(r.Escaped);
            Assert.Equal(OrthogonalTensor.SaddleValue, r.FinalObjective, 1e-9);
            // A run stops the step after its iterate stopped changing: the float64 map is at a fixed point.
            Assert.Equal(r.FixedPointStep is { } frozen ? frozen + 1 : options.StepBudget, r.StepsRun);
        });
    }
}
