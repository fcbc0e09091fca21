using BatchLab.Runs;
namespace BatchLab.Sweeps.Specs;

/// <summary>
/// A field of <see cref="RunSpec"/> that a grid can vary: its name (in spec files and trial
/// keys), what values it accepts, and how a value sets it.
/// </summary>
public sealed class GridAxisKind(string name, string accepts, Func<GridValue, bool> valid, Func<RunSpec, GridValue, RunSpec> apply)
{
    public string Name => name;

    /// <summary>What a value must be, for messages: "a positive whole number or full".</summary>
    public string Accepts => accepts;

    public GridValue Check(GridValue value, string where) => valid(value)
        ? value
        : throw new BatchLabException($"{where}: {name} {value} is not valid; {name} must be {accepts}");

    public RunSpec Apply(RunSpec spec, GridValue value) => apply(spec, value);

    public override string ToString() => name;
}
