using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Reporting;

/// <summary>
/// Tick labels as the report writes numbers: thousands separators, three significant digits at
/// most, powers of ten as 10⁻⁵ rather than 1E-05, fractions as percentages on a percent axis.
/// </summary>
internal static class TickText
{
    public static string Of(double value, Axis axis)
    {
        if (Math.Abs(value) < 1e-12)
        {
            return axis.Percent ? "0%" : "0";
        }

        if (axis.Percent)
        {
            return Plain(value * 100) + "%";
        }

        return Plain(value);
    }

    /// <summary>
    /// Three significant digits; down to 10⁻⁵ as a decimal (0.0005 beside 0.001 on one axis, not
    /// 5×10⁻⁴ beside 0.001), beyond that as a power of ten.
    /// </summary>
    static string Plain(double value)
    {
        var magnitude = Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude is >= -5 and < -3)
        {
            var rounded = Math.Round(value, (int)(2 - magnitude));
            return rounded.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture);
        }

        return NumberFormat.General.Format(value);
    }
}
