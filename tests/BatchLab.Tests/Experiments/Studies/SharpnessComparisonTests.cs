using BatchLab.Diagnostics.Sharpness;
using BatchLab.Studies.Findings;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>Sharpness of two solutions is compared only when their training losses are within a factor of each other.</summary>
public class SharpnessComparisonTests
{
    static SharpnessResult Solution(string name, double loss) =>
        new("mlp", "mnist", name, null, 1000, 500, loss, double.NaN, new SharpnessOptions(), null, null, [], [], 1);

    [Theory]
    [InlineData(0.10, 0.15, true)] // 1.5×
    [InlineData(0.10, 0.20, true)] // 2× exactly
    [InlineData(0.10, 0.25, false)] // 2.5×
    [InlineData(0.001, 0.021, false)] // 21×, though only 0.02 apart: the absolute tolerance let this through
    [InlineData(0.30, 0.90, false)]
    public void Losses_are_comparable_within_a_factor_of_two_whatever_their_size(double small, double large, bool comparable)
    {
        var text = SharpnessComparison.Of(Solution("B = 8", small), Solution("B = 4096", large))!;

        Assert.Equal(comparable, text.StartsWith("The two solutions reached comparable training loss", StringComparison.Ordinal));
        Assert.Equal(!comparable, text.StartsWith("WARNING — not comparable", StringComparison.Ordinal));
        Assert.Contains($"{large / small:G3}× apart", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Needs_two_solutions() => Assert.Null(SharpnessComparison.Of(Solution("B = 8", 0.1), null));
}
