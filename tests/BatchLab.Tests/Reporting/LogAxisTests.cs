using BatchLab.Reporting;
using BatchLab.Reporting.Plots;

namespace BatchLab.Tests.Reporting;

public class LogAxisTests
{
    static readonly double[] Batches = [.. Enumerable.Range(0, 11).Select(k => Math.Pow(2, k))];

    [Fact]
    public void Log2_batch_axis_is_labelled_1_2_4_to_1024_not_with_exponents()
    {
        var spec = new PlotSpec(
            "throughput", "Samples per second", new Axis("batch size B", AxisScale.Log2), new Axis("samples/s"),
            [new Series("measured", Batches, [.. Batches.Select(b => 1000 * b / (b + 64))])]);

        var texts = RenderedImage.SvgTexts(PlotRenderer.Svg(spec));

        string[] powers = ["1", "2", "4", "8", "16", "32", "64", "128", "256", "512", "1,024"];
        var onAxis = texts.Where(powers.Contains).ToList();
        Assert.Equal(powers, onAxis);
    }

    [Fact]
    public void A_narrow_image_labels_every_other_power_so_labels_do_not_run_together()
    {
        var spec = new PlotSpec(
            "throughput", "Samples per second", new Axis("batch size B", AxisScale.Log2), new Axis("samples/s"),
            [new Series("measured", Batches, [.. Batches.Select(b => 1000 * b / (b + 64))])]);

        var texts = RenderedImage.SvgTexts(PlotRenderer.Svg(spec, 440, 360));

        string[] powers = ["1", "2", "4", "8", "16", "32", "64", "128", "256", "512", "1,024"];
        Assert.Equal(["1", "4", "16", "64", "256", "1,024"], texts.Where(powers.Contains));
    }

    [Fact]
    public void Log2_points_sit_evenly_spaced_as_on_a_log_scale()
    {
        var spec = new PlotSpec(
            "even", "t", new Axis("B", AxisScale.Log2), new Axis("y"), [new Series("s", [1, 2, 4, 1024], [1, 1, 1, 1])]);
        using var image = new RenderedImage(spec);

        // 1 -> 2 and 2 -> 4 are one doubling each, 4 -> 1024 is eight.
        var (x1, _) = image.PixelOf(0, 1);
        var (x2, _) = image.PixelOf(1, 1);
        var (x4, _) = image.PixelOf(2, 1);
        var (x1024, _) = image.PixelOf(10, 1);
        Assert.InRange(x4 - x2, x2 - x1 - 1, x2 - x1 + 1);
        Assert.InRange(x1024 - x4, (8 * (x2 - x1)) - 8, (8 * (x2 - x1)) + 8);
    }

    [Fact]
    public void Log10_axis_over_many_decades_is_labelled_with_powers_of_ten()
    {
        var spec = new PlotSpec(
            "steps", "Steps to target", new Axis("B"), new Axis("steps", AxisScale.Log10),
            [new Series("s", [1, 2, 3], [100, 1e5, 1e7])]);

        var texts = RenderedImage.SvgTexts(PlotRenderer.Svg(spec));

        Assert.Contains("10²", texts);
        Assert.Contains("10⁵", texts);
        Assert.Contains("10⁷", texts);
        Assert.DoesNotContain("7", texts);
    }

    [Fact]
    public void Errors_spanning_two_decades_are_labelled_in_percent_at_round_values()
    {
        var spec = new PlotSpec(
            "errors", "Test error", new Axis("B", AxisScale.Log2), new Axis("test error", AxisScale.Log10) { Percent = true },
            [new Series("s", [2, 8, 2048], [0.0253, 0.0249, 0.797])]);

        var texts = RenderedImage.SvgTexts(PlotRenderer.Svg(spec));

        // 2.5% beside 80% still shows which small batch is better: round labels near the small errors too.
        Assert.Contains("2%", texts);
        Assert.Contains("5%", texts);
        Assert.Contains("50%", texts);
        Assert.DoesNotContain(texts, t => t.Contains('E'));
    }

    [Fact]
    public void Linear_ticks_never_use_E_notation_and_integer_axes_only_whole_numbers()
    {
        var spec = new PlotSpec(
            "ranks", "t", new Axis("rank") { Integer = true }, new Axis("samples"),
            [new Series("s", [1, 2, 3], [27_900, 31_000, 45_500])]);

        var texts = RenderedImage.SvgTexts(PlotRenderer.Svg(spec));

        Assert.DoesNotContain(texts, t => t.Contains("E+", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(',', StringComparison.Ordinal));
        Assert.DoesNotContain("1.5", texts);
        Assert.DoesNotContain("2.5", texts);
    }

    [Theory]
    [InlineData(2, new[] { 0, 1, 2, 10, 16 }, new[] { "1", "2", "4", "1,024", "65,536" })]
    [InlineData(2, new[] { -12, -1, 0 }, new[] { "2⁻¹²", "2⁻¹", "2⁰" })]
    [InlineData(10, new[] { -3, 0, 4 }, new[] { "0.001", "1", "10,000" })]
    [InlineData(10, new[] { 0, 6 }, new[] { "10⁰", "10⁶" })]
    public void Labels_are_plain_numbers_while_short_else_all_powers(int logBase, int[] exponents, string[] expected)
    {
        Assert.Equal(expected, LogLabels.For(logBase, exponents));
    }
}
