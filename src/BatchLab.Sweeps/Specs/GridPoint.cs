using System.Text.Json;
using BatchLab.Runs;

namespace BatchLab.Sweeps.Specs;

/// <summary>
/// One point of a grid: a value for each axis. Its <see cref="Key"/> (canonical JSON, e.g.
/// <c>{"batch":32,"lr":0.1,"seed":0}</c>) is the trial's key in the store, which is what makes
/// resubmitting a sweep add nothing twice.
/// </summary>
public sealed class GridPoint
{
    GridPoint(IReadOnlyList<KeyValuePair<string, GridValue>> values) => Values = values;

    /// <summary>Axis name → value, in the grid's axis order.</summary>
    public IReadOnlyList<KeyValuePair<string, GridValue>> Values { get; }

    public string Key => CanonicalJson.Canonicalize(JsonSerializer.Serialize(Values.ToDictionary(v => v.Key, v => v.Value)));

    /// <summary>"batch=32 lr=0.1 seed=0": the axes in loop order, the seed last ("no grid" for a sweep of one run).</summary>
    public string Label => Values.Count == 0 ? "no grid" : string.Join(' ', Values.OrderBy(v => DisplayOrder(v.Key)).Select(v => $"{v.Key}={v.Value}"));

    /// <summary>Where an axis goes in labels and tables: loop order, but the seed last.</summary>
    public static int DisplayOrder(string axis) => axis == GridAxes.Seed.Name ? GridAxes.All.Count : GridAxes.Order(axis);

    public static GridPoint Of(IEnumerable<KeyValuePair<string, GridValue>> values) =>
        new([.. values.OrderBy(v => GridAxes.Order(v.Key))]);

    /// <summary>Reads a stored trial key back.</summary>
    public static GridPoint FromKey(string key) =>
        Of(JsonSerializer.Deserialize<Dictionary<string, GridValue>>(key) ?? []);

    /// <summary>The base run with this point's values set.</summary>
    public RunSpec Apply(RunSpec spec) => Values.Aggregate(spec, (s, v) => GridAxes.Named(v.Key).Apply(s, v.Value));

    public override string ToString() => Label;
}
