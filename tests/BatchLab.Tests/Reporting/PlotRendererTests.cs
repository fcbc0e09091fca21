using System.Buffers.Binary;
using BatchLab.Reporting;
using BatchLab.Reporting.Plots;
using SkiaSharp;

namespace BatchLab.Tests.Reporting;

public class PlotRendererTests
{
    static readonly PlotSpec Simple = new(
        "simple", "Loss over training", new Axis("step"), new Axis("training loss"),
        [new Series("lr 0.1", [0, 1, 2, 3], [2.3, 1.1, 0.7, 0.5]), new Series("lr 0.01", [0, 1, 2, 3], [2.3, 2.0, 1.8, 1.6], SeriesStyle.Dashed)],
        [new Marker(2, "warm-up ends")]);

    [Theory]
    [InlineData(PlotRenderer.DefaultWidth, PlotRenderer.DefaultHeight)]
    [InlineData(640, 360)]
    public void Png_is_a_decodable_image_of_the_requested_size(int width, int height)
    {
        var png = PlotRenderer.Png(Simple, width, height);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Svg_is_well_formed_and_holds_title_axis_labels_legend_and_marker_as_text()
    {
        var texts = RenderedImage.SvgTexts(PlotRenderer.Svg(Simple));

        Assert.Contains("Loss over training", texts);
        Assert.Contains("step", texts);
        Assert.Contains("training loss", texts);
        Assert.Contains("lr 0.1", texts);
        Assert.Contains("lr 0.01", texts);
        Assert.Contains("warm-up ends", texts);
    }

    [Fact]
    public void Title_pixels_are_drawn_in_the_embedded_font_whatever_the_system_has()
    {
        using var image = new RenderedImage(Simple with { Title = "MMMMMMMMMMMMMMMM" });

        // The title band (top 30 px) holds dark glyph pixels: text did not silently vanish.
        var dark = 0;
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < image.Bitmap.Width; x++)
            {
                dark += image.Bitmap.GetPixel(x, y).Red < 100 ? 1 : 0;
            }
        }

        Assert.True(dark > 200, $"only {dark} dark pixels in the title band");
        Assert.Same(EmbeddedFonts.Typeface(bold: false), ScottPlot.Fonts.GetTypeface(EmbeddedFonts.Family, false, false));
    }

    [Fact]
    public void A_series_whose_lengths_disagree_is_rejected_with_the_plot_id()
    {
        var broken = Simple with { Series = [new Series("s", [1, 2, 3], [1, 2])] };

        var error = Assert.Throws<ArgumentException>(() => PlotRenderer.Png(broken));
        Assert.Contains("plot 'simple'", error.Message);
    }
}
