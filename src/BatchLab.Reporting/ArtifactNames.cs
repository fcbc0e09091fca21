namespace BatchLab.Reporting;

/// <summary>
/// Artifact ids become file names (<c>id.csv</c>, <c>id.png</c>): letters, digits, '.', '_' and '-'
/// only, so that an id can never point outside the output folder or clash across file systems.
/// </summary>
internal static class ArtifactNames
{
    public static void Check(string id)
    {
        var safe = id.Length > 0 && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        if (!safe)
        {
            throw new ArgumentException($"artifact id '{id}' is not a plain file name (use letters, digits, '.', '_', '-')", nameof(id));
        }
    }
}
