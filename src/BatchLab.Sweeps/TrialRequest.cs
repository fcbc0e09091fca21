namespace BatchLab.Sweeps;

/// <summary>
/// A trial to add to a study. <see cref="Key"/> identifies the point of the grid (the caller
/// decides what makes two points the same, e.g. batch, learning rate and seed); adding a key the
/// study already has does nothing, which is what makes resubmitting a sweep safe.
/// <see cref="Parameters"/> is JSON the store keeps as canonical text without looking inside.
/// </summary>
public sealed record TrialRequest(string Key, string Parameters)
{
    public static TrialRequest Of(string key, string parametersJson) => new(key, CanonicalJson.Canonicalize(parametersJson));
}
