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

        return axis.Percent ? NumberFormat.General.Format(value * 100) + "%" : NumberFormat.General.Format(value);
    }
}
