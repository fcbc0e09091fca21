namespace BatchLab.Reporting;

/// <summary>A rectangle of a drawing, in its pixels, that tells its values on hover (an SVG &lt;title&gt;).</summary>
public sealed record HoverArea(double Left, double Top, double Width, double Height, string Text);

/// <summary>A figure as the page shows it: the SVG (without the title, which the caption carries) and its hover areas.</summary>
public sealed record PageDrawing(string Svg, IReadOnlyList<HoverArea> Areas)
{
    public static PageDrawing Plain(string svg) => new(svg, []);
}
