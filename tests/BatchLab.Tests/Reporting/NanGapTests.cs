using BatchLab.Reporting.Plots;

namespace BatchLab.Tests.Reporting;

public class NanGapTests
{
    const string SeriesBlue = "#1F77B4";

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_point_breaks_the_line_instead_of_dropping_to_zero(double missing)
    {
        // y = 1 everywhere except the middle point; the y axis runs 0..2 so a zero would be visible.
        var spec = new PlotSpec(
            "gap", "gap", new Axis("x"), new Axis("y", Min: 0, Max: 2),
            [new Series("s", [0, 1, 2, 3, 4], [1, 1, missing, 1, 1], SeriesStyle.Line)]);
        using var image = new RenderedImage(spec);

        Assert.True(image.HasColorAround(0.7, 1, SeriesBlue), "the line is drawn between finite points");
        Assert.True(image.HasColorAround(3.3, 1, SeriesBlue), "the line resumes after the gap");
        var (column, _) = image.PixelOf(2, 0);
        var blueInGapColumn = Enumerable.Range(0, image.Bitmap.Height).Count(y => RenderedImage.Near(image.Bitmap.GetPixel(column, y), SeriesBlue));
        Assert.Equal(0, blueInGapColumn);
    }

    [Fact]
    public void A_band_stops_where_its_bounds_are_missing()
    {
        var spec = new PlotSpec(
            "band", "band", new Axis("x"), new Axis("y", Min: 0, Max: 3),
            [new Series("s", [0, 1, 2, 3, 4], [1, 1, double.NaN, 1, 1], SeriesStyle.Line, [0.5, 0.5, double.NaN, 0.5, 0.5], [2, 2, double.NaN, 2, 2])]);
        using var image = new RenderedImage(spec);

        // Inside the band the background is tinted blue; over the gap it is plain white (off grid lines).
        var inBand = image.At(0.7, 1.7);
        var inGap = image.At(1.7, 1.7);
        Assert.True(inBand.Blue > inBand.Red + 20, $"band tint expected, got {inBand}");
        Assert.True(RenderedImage.Near(inGap, "#FFFFFF", 10), $"no band over the gap, got {inGap}");
    }
}
