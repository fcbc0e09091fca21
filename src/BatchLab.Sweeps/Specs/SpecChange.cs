namespace BatchLab.Sweeps.Specs;

/// <summary>
/// How a sweep spec differs from the one a study holds, and whether <c>--extend</c> may apply it.
/// Extending only adds values to existing axes: a changed base run or a new or missing axis
/// would make every point a different run, and dropping values would leave the stored spec
/// describing trials it no longer lists.
/// </summary>
public sealed record SpecChange(bool BaseChanged, IReadOnlyList<string> StoredAxes, IReadOnlyList<string> GivenAxes, IReadOnlyList<string> Added, IReadOnlyList<string> Dropped)
{
    public static SpecChange Between(SweepSpec stored, SweepSpec given)
    {
        var baseChanged = CanonicalJson.Canonicalize(stored.Base.ToJson()) != CanonicalJson.Canonicalize(given.Base.ToJson());
        var added = new List<string>();
        var dropped = new List<string>();
        foreach (var axis in given.Axes)
        {
            var before = stored.Axes.FirstOrDefault(a => a.Name == axis.Name)?.Values ?? [];
            added.AddRange(axis.Values.Except(before).Select(v => $"{axis.Name} {v}"));
            dropped.AddRange(before.Except(axis.Values).Select(v => $"{axis.Name} {v}"));
        }

        return new SpecChange(baseChanged, [.. stored.Axes.Select(a => a.Name)], [.. given.Axes.Select(a => a.Name)], added, dropped);
    }

    bool AxesChanged => !StoredAxes.SequenceEqual(GivenAxes);

    public string Description =>
        BaseChanged ? "its base run (data, model or training options) differs"
        : AxesChanged ? $"its grid has the axes {string.Join(", ", StoredAxes)}, not {string.Join(", ", GivenAxes)}"
        : Added.Count + Dropped.Count == 0 ? "its grid lists the same values in another order"
        : string.Join("; ", new[] { Listed("adds", Added), Listed("drops", Dropped) }.Where(s => s.Length > 0));

    /// <summary>Throws unless <c>--extend</c> can apply this change by adding trials.</summary>
    public void RequireExtension(string study)
    {
        if (BaseChanged || AxesChanged)
        {
            throw new BatchLabException($"--extend only adds values to the grid of study '{study}', but {Description}: choose another --name");
        }

        if (Dropped.Count > 0)
        {
            throw new BatchLabException($"--extend only adds points to study '{study}', but the given grid {Listed("drops", Dropped)}: list the stored values too");
        }
    }

    static string Listed(string verb, IReadOnlyList<string> values) => values.Count switch
    {
        0 => "",
        <= 4 => $"{verb} {string.Join(", ", values)}",
        _ => $"{verb} {string.Join(", ", values.Take(4))} and {values.Count - 4} more",
    };
}
