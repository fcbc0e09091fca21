using System.Globalization;

namespace BatchLab.Sweeps.Specs;

/// <summary>One dimension of a sweep's grid: an axis from <see cref="GridAxes"/> and the values it takes, in order.</summary>
public sealed record GridAxis(string Name, IReadOnlyList<GridValue> Values)
{
    /// <summary>An axis with values checked against its kind (e.g. batch sizes are whole numbers or full).</summary>
    public static GridAxis Create(string name, IReadOnlyList<GridValue> values, string where)
    {
        var kind = GridAxes.Named(name);
        if (values.Count == 0)
        {
            throw new BatchLabException($"{where}: the {name} axis has no values");
        }

        if (values.Distinct().Count() != values.Count)
        {
            throw new BatchLabException($"{where}: the {name} axis lists a value twice");
        }

        return new GridAxis(kind.Name, [.. values.Select(v => kind.Check(v, where))]);
    }

    /// <summary>Parses grid syntax (<see cref="GridSyntax"/>) into an axis.</summary>
    public static GridAxis Parse(string name, string text, string where) => Create(name, GridSyntax.Parse(text, where), where);

    /// <summary>Seeds 0 .. count-1: the common way to ask for repeats.</summary>
    public static GridAxis Seeds(int count, string where) => count is >= 1 and <= GridSyntax.MaxValues
        ? Create(GridAxes.Seed.Name, [.. Enumerable.Range(0, count).Select(i => GridValue.Of(i))], where)
        : throw new BatchLabException($"{where}: a seed count must be between 1 and {GridSyntax.MaxValues:N0}, got {count}");

    /// <summary>A lone whole number N means seeds 0 .. N-1; anything else is grid syntax listing the seeds.</summary>
    public static GridAxis Seeds(string text, string where) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? Seeds(count, where)
            : Parse(GridAxes.Seed.Name, text, where);
}
