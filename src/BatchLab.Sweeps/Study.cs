namespace BatchLab.Sweeps;

/// <summary>
/// A named set of trials sharing one spec (the grid a sweep expands). <see cref="Spec"/> is the
/// canonical JSON text of the spec and <see cref="SpecHash"/> its SHA-256, so rerunning the same
/// sweep finds its study and a changed spec under the same name is noticed.
/// </summary>
public sealed record Study(string Name, string Spec, string SpecHash, DateTimeOffset CreatedAt)
{
    /// <summary>The BatchLab version that created the study (<see cref="Runtime.BatchLabVersion"/>); null in stores written before it was recorded.</summary>
    public string? Version { get; init; }

    public static Study Create(string name, string specJson, TimeProvider time)
    {
        StudyName.Check(name);
        var canonical = CanonicalJson.Canonicalize(specJson);
        return new Study(name, canonical, CanonicalJson.Sha256(canonical), time.GetUtcNow()) { Version = Runtime.BatchLabVersion.Current };
    }
}
