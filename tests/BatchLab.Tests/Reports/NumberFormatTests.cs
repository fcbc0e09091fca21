using BatchLab.Reporting.Document;
using BatchLab.Text;

namespace BatchLab.Tests.Reports;

public class NumberFormatTests
{
    [Theory]
    [InlineData(0.021345, "0.0213")]
    [InlineData(3.14159, "3.14")]
    [InlineData(2.0, "2")]
    [InlineData(0.5, "0.5")]
    [InlineData(182345.2, "182,345")]
    [InlineData(1024, "1,024")]
    [InlineData(-12.345, "-12.3")]
    [InlineData(0.0099996, "0.01")]
    [InlineData(0.000123456, "1.23×10⁻⁴")]
    [InlineData(6.02e23, "6.02×10²³")]
    [InlineData(0, "0")]
    public void General_keeps_three_significant_digits_with_thousands_separators(double value, string text) =>
        Assert.Equal(text, NumberFormat.General.Format(value));

    [Fact]
    public void Percent_integer_fixed_and_scientific()
    {
        Assert.Equal("2.13%", NumberFormat.Percent(2).Format(0.02134));
        Assert.Equal("98.0%", NumberFormat.Percent().Format(0.98031));
        Assert.Equal("60,000", NumberFormat.Integer.Format(59999.7));
        Assert.Equal("1,234.50", NumberFormat.Fixed(2).Format(1234.5));
        Assert.Equal("1.2×10⁻³", NumberFormat.Scientific(2).Format(0.00123));
        Assert.Equal("2⁻¹⁰", NumberFormat.PowerOfTwo.Format(1.0 / 1024));
        Assert.Equal("0.003", NumberFormat.PowerOfTwo.Format(0.003));
        Assert.Equal("0.00", NumberFormat.Fixed(2).Format(-0.0001));
    }

    [Theory]
    [InlineData(0.35, "0.35 s")]
    [InlineData(12.34, "12.3 s")]
    [InlineData(845.4, "14 min 05 s")]
    [InlineData(7385, "2 h 03 min")]
    public void Durations_read_in_the_largest_sensible_units(double seconds, string text) =>
        Assert.Equal(text, NumberFormat.Duration.Format(seconds));

    [Fact]
    public void Non_finite_values_read_as_a_dash_and_infinity_unless_the_format_names_them()
    {
        Assert.Equal("—", NumberFormat.General.Format(double.NaN));
        Assert.Equal("∞", NumberFormat.General.Format(double.PositiveInfinity));
        Assert.Equal("-∞", NumberFormat.Percent().Format(double.NegativeInfinity));

        var diverged = NumberFormat.Percent(2).WithNonFinite("diverged");
        Assert.Equal("diverged", diverged.Format(double.NaN));
        Assert.Equal("diverged", diverged.Format(double.PositiveInfinity));
        Assert.Equal("1.50%", diverged.Format(0.015));
    }

    [Fact]
    public void Key_figures_keep_the_value_and_add_the_unit_only_to_numbers()
    {
        Assert.Equal(new KeyFigure("B_crit", "310 samples", 310.4), KeyFigure.Of("B_crit", 310.4, NumberFormat.General, "samples"));
        Assert.Equal("—", KeyFigure.Of("B_crit", double.NaN, NumberFormat.General, "samples").Text);
    }
}
