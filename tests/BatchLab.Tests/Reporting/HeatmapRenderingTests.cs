using BatchLab.Reporting;
using BatchLab.Reporting.Plots;
using ScottPlot.Colormaps;

namespace BatchLab.Tests.Reporting;

public class HeatmapRenderingTests
{
    // 3 batch sizes x 4 learning rates; row 0 is the bottom row.
    static readonly PlotSpec Grid = new(
        "grid", "Test error", new Axis("learning rate"), new Axis("batch size"), [],
        Heatmap: new Heatmap(
            ["0.001", "0.01", "0.1", "1"], ["16", "64", "256"],
            [[0.0, 0.25, 0.5, 0.75], [0.25, 0.5, double.NaN, 1.0], [0.5, 0.75, 1.0, double.NaN]],
            "test error", [(2, 3)], "diverged"));

    [Fact]
    public void Cells_take_their_colormap_colour_with_row_zero_at_the_bottom()
    {
        using var image = new RenderedImage(Grid);
        var viridis = new Viridis();

        // Sample beside the centre, away from any mark.
        Assert.True(RenderedImage.Near(image.At(0.3, 0.3), viridis.GetColor(0.0).ToHex()), "lowest value, bottom left");
        Assert.True(RenderedImage.Near(image.At(3.3, 1.3), viridis.GetColor(1.0).ToHex()), "highest value, middle right");
    }

    [Fact]
    public void Missing_cells_are_grey_and_flagged_cells_carry_a_red_cross()
    {
        using var image = new RenderedImage(Grid);

        var missing = image.At(2.3, 1.1);
        Assert.True(Math.Abs(missing.Red - missing.Green) < 8 && Math.Abs(missing.Green - missing.Blue) < 8 && missing.Red > 140, $"grey expected, got {missing}");
        Assert.True(RenderedImage.Near(image.At(3, 2), "#D62728", 60), "the cross passes through the flagged cell's centre");
        Assert.False(RenderedImage.Near(image.At(1, 1), "#D62728", 60), "an ordinary cell carries no cross");
    }

    [Fact]
    public void Svg_names_the_categories_colour_scale_and_marks()
    {
        var texts = RenderedImage.SvgTexts(PlotRenderer.Svg(Grid));

        Assert.Contains("0.001", texts);
        Assert.Contains("256", texts);
        Assert.Contains("test error", texts);
        Assert.Contains("diverged", texts);
        Assert.Contains("no result", texts);
    }

    [Fact]
    public void A_flagged_cell_outside_the_grid_is_rejected()
    {
        var broken = Grid with { Heatmap = Grid.Heatmap! with { Flagged = [(3, 0)] } };

        Assert.Throws<ArgumentException>(() => PlotRenderer.Svg(broken));
    }
}
