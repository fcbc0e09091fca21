namespace BatchLab.Tests.Support;

/// <summary>Files committed in the repository (found above the test assembly).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The committed TorchScript fixtures and the script that exports them: samples/torchscript/.</summary>
    public static string TorchScript(string file) => Path.Combine(Root, "samples", "torchscript", file);

    /// <summary>A committed sample: samples/FOLDER/FILE.</summary>
    public static string Sample(string folder, string file) => Path.Combine(Root, "samples", folder, file);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BatchLab.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BatchLab.slnx not found above the test assembly");
    }
}
