using System.Xml.Linq;
using BatchLab.Reporting;
using BatchLab.Reporting.Plots;
using ScottPlot;
using SkiaSharp;

namespace BatchLab.Tests.Reporting;

/// <summary>A spec drawn to pixels, with the plot kept so tests can find where a data point landed.</summary>
internal sealed class RenderedImage : IDisposable
{
    readonly Plot plot;

    public RenderedImage(PlotSpec spec, int width = PlotRenderer.DefaultWidth, int height = PlotRenderer.DefaultHeight)
    {
        plot = PlotBuilder.Build(spec, width, height);
        Bitmap = SKBitmap.Decode(plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    public SKBitmap Bitmap { get; }

    public (int X, int Y) PixelOf(double x, double y)
    {
        var pixel = plot.GetPixel(new Coordinates(x, y));
        return ((int)Math.Round(pixel.X), (int)Math.Round(pixel.Y));
    }

    public SKColor At(double x, double y)
    {
        var (px, py) = PixelOf(x, y);
        return Bitmap.GetPixel(px, py);
    }

    /// <summary>Whether a pixel within <paramref name="radius"/> of the point has the colour (lines are antialiased).</summary>
    public bool HasColorAround(double x, double y, string hex, int radius = 2)
    {
        var (px, py) = PixelOf(x, y);
        return Enumerable.Range(py - radius, (2 * radius) + 1)
            .Any(row => Enumerable.Range(px - radius, (2 * radius) + 1).Any(column => Near(Bitmap.GetPixel(column, row), hex)));
    }

    public static bool Near(SKColor actual, string hex, int tolerance = 40)
    {
        var expected = SKColor.Parse(hex);
        return Math.Abs(actual.Red - expected.Red) + Math.Abs(actual.Green - expected.Green) + Math.Abs(actual.Blue - expected.Blue) <= tolerance;
    }

    /// <summary>Every text element of an SVG, trimmed, in document order.</summary>
    public static IReadOnlyList<string> SvgTexts(string svg) =>
        [.. XDocument.Parse(svg).Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(e => e.Value.Trim())];

    public void Dispose()
    {
        Bitmap.Dispose();
        plot.Dispose();
    }
}
