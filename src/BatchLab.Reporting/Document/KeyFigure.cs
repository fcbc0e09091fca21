using BatchLab.Text;

namespace BatchLab.Reporting.Document;

/// <summary>
/// A headline number of a section, e.g. ("B_crit", "410 samples", 409.7). <see cref="Text"/> is what
/// readers see; <see cref="Value"/> keeps the number, and <see cref="Key"/> a stable snake_case name
/// ("b_crit"), for programs reading results.json, so they never search by a display label.
/// </summary>
public sealed record KeyFigure(string Name, string Text, double? Value = null)
{
    readonly string? key;

    /// <summary>A stable name in snake_case: given, or made from <see cref="Name"/> ("batch B" → "batch_b").</summary>
    public string Key
    {
        get => key ?? KeyName.Of(Name);
        // Stored only when it differs from the derived name, so a figure read back from JSON equals the one written.
        init => key = value == KeyName.Of(Name) ? null : value;
    }

    public static KeyFigure Of(string name, double value, NumberFormat format, string unit = "")
    {
        var text = format.Format(value);
        return new KeyFigure(name, unit.Length == 0 || !double.IsFinite(value) ? text : $"{text} {unit}", value);
    }
}
