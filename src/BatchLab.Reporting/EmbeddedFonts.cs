using ScottPlot;
using SkiaSharp;

namespace BatchLab.Reporting;

/// <summary>
/// DejaVu Sans, regular and bold, compiled into this assembly and handed to ScottPlot for every
/// piece of text.
/// </summary>
/// <remarks>
/// Why embedded rather than taken from the system: the Skia build that ScottPlot uses on Linux
/// (SkiaSharp.NativeAssets.Linux.NoDependencies) does not ask fontconfig; it scans
/// /usr/share/fonts itself. On a machine with no fonts there, every typeface is empty and titles,
/// axis labels and ticks silently vanish from the PNG, with no error. Where fonts do exist, the
/// default it picks is whatever family it scanned first (DejaVu Serif on a Debian machine with
/// fonts-dejavu-extra). Shipping the font (1.4 MB, Bitstream Vera licence, see Fonts/LICENSE.txt)
/// makes text render with no install step, for a library user as much as for our scripts, and
/// makes the images identical on every machine.
/// </remarks>
internal static class EmbeddedFonts
{
    public const string Family = "DejaVu Sans";

    static readonly Lazy<SKTypeface> Regular = new(() => Load("DejaVuSans.ttf"));
    static readonly Lazy<SKTypeface> Bold = new(() => Load("DejaVuSans-Bold.ttf"));
    static readonly Lazy<bool> Registered = new(() =>
    {
        // First in the list so that our copy wins even where the system has its own DejaVu Sans.
        Fonts.FontResolvers.Insert(0, new Resolver());
        // Any text ScottPlot creates without an explicit font (legend entries, new panels) uses it too.
        Fonts.Default = Family;
        return true;
    });

    /// <summary>Makes <see cref="Family"/> resolve to the embedded files (once per process).</summary>
    public static void Register() => _ = Registered.Value;

    internal static SKTypeface Typeface(bool bold) => bold ? Bold.Value : Regular.Value;

    static SKTypeface Load(string file)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"BatchLab.Reporting.Fonts.{file}")
            ?? throw new InvalidOperationException($"font resource {file} is missing from BatchLab.Reporting");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"font resource {file} could not be read as a font");
    }

    sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Family ? Typeface(weight >= FontWeight.SemiBold) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family ? Typeface(bold) : null;
    }
}
