using System.Reflection;

namespace BatchLab.Runtime;

/// <summary>
/// The version of this BatchLab build, from git (MinVer, see docs/packaging.md): "1.2.3" at a tag
/// v1.2.3, "1.2.4-alpha.0.5+1a2b3c4d5e6f" five commits past it, "0.1.0-alpha.0.N+…" in a clone without
/// tags. Written into --version, report headers, results.json, spec.json and stored studies so a
/// number can be traced to the code that produced it. All BatchLab assemblies of one build carry the
/// same version; this one is read from the core library.
/// </summary>
public static class BatchLabVersion
{
    /// <summary>Characters of the commit id kept after '+': enough to be unique in any repository of this size.</summary>
    const int CommitChars = 12;

    static readonly Lazy<string> Value = new(() =>
    {
        var assembly = typeof(BatchLabVersion).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational is null ? assembly.GetName().Version?.ToString() ?? "unknown" : Shorten(informational);
    });

    /// <summary>The version, with the commit id (when the build knew it) shortened to 12 hex digits.</summary>
    public static string Current => Value.Value;

    internal static string Shorten(string informational)
    {
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 || informational.Length - plus - 1 <= CommitChars ? informational : informational[..(plus + 1 + CommitChars)];
    }
}
