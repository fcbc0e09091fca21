using BatchLab.Studies;

namespace BatchLab.Cli;

/// <summary>Which study `batchlab study` runs: a preset (with --data and --model overriding its own), or a --spec file's grid.</summary>
public static class StudyArguments
{
    public static (string? Name, StudyPreset Preset) Preset(string? specFile, bool presetGiven, string preset, string? data, string? model, bool prune = true)
    {
        if (specFile is null)
        {
            return (null, StudyPresets.Get(preset, data, model, prune));
        }

        if (presetGiven || data is not null || model is not null)
        {
            throw new BatchLabException($"--spec {specFile} defines the data, model and grid; drop {(presetGiven ? "--preset" : data is not null ? "--data" : "--model")}, or edit the file");
        }

        if (!File.Exists(specFile))
        {
            throw new BatchLabException($"--spec: no file '{specFile}'");
        }

        var (name, custom) = CustomStudy.FromJson(File.ReadAllText(specFile), specFile);
        return (name, prune ? custom : StudyPresets.WithoutPruning(custom));
    }

    /// <summary>A spec string shortened for a study name: file-based specs (torchscript:/a/b/cnn.pt, csv:x/iris.csv,label=y) by their file name.</summary>
    public static string Short(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return spec;
        }

        var path = spec[(colon + 1)..].Split(',')[0];
        return path.Contains('/', StringComparison.Ordinal) || path.Contains('.', StringComparison.Ordinal)
            ? $"{spec[..colon]}-{Path.GetFileNameWithoutExtension(path.TrimEnd('/'))}"
            : spec;
    }
}
