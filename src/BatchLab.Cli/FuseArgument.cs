namespace BatchLab.Cli;

/// <summary>The --fuse value of `sweep` and `worker`: auto (fused groups) or off.</summary>
public static class FuseArgument
{
    public static bool Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => true,
        "off" => false,
        _ => throw new BatchLabException($"--fuse must be auto or off, got '{text}'"),
    };
}
