namespace BatchLab.Data.Idx;

/// <summary>
/// The four files of an MNIST-style data set in one folder, found by the names MNIST made
/// usual: <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each also with a dot before
/// "idx" and/or a <c>.gz</c> suffix.
/// </summary>
public sealed record IdxImagePaths(string Directory, string TrainImages, string TrainLabels, string TestImages, string TestLabels)
{
    static readonly (string Role, string Stem)[] Roles =
    [
        ("train images", "train-images-idx3-ubyte"),
        ("train labels", "train-labels-idx1-ubyte"),
        ("test images", "t10k-images-idx3-ubyte"),
        ("test labels", "t10k-labels-idx1-ubyte"),
    ];

    public IReadOnlyList<string> All => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Finds the four files in <paramref name="directory"/>, or throws one line listing what is missing.</summary>
    public static IdxImagePaths Find(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new BatchLabException($"{directory}: no such directory", BatchLabException.BadInput);
        }

        var found = Roles.Select(r => Candidates(r.Stem).Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists)).ToArray();
        var missing = Roles.Where((_, i) => found[i] is null).ToList();
        if (missing.Count > 0)
        {
            throw new BatchLabException(
                $"{directory}: no IDX file for {string.Join(", ", missing.Select(m => m.Role))} (looked for {string.Join(", ", missing.Select(m => m.Stem + "[.gz]"))})",
                BatchLabException.BadInput);
        }

        return new IdxImagePaths(directory, found[0]!, found[1]!, found[2]!, found[3]!);
    }

    static IEnumerable<string> Candidates(string stem)
    {
        var dotted = stem.Replace("-idx", ".idx", StringComparison.Ordinal);
        return [stem, stem + ".gz", dotted, dotted + ".gz"];
    }
}
