using BatchLab.Text;
namespace BatchLab.Reporting.Document;

/// <summary>
/// A headline number of a section, e.g. ("B_crit", "410 samples", 409.7). <see cref="Text"/> is what
/// readers see; <see cref="Value"/> keeps the number for programs reading results.json.
/// </summary>
public sealed record KeyFigure(string Name, string Text, double? Value = null)
{
    public static KeyFigure Of(string name, double value, NumberFormat format, string unit = "")
    {
        var text = format.Format(value);
        return new KeyFigure(name, unit.Length == 0 || !double.IsFinite(value) ? text : $"{text} {unit}", value);
    }
}
