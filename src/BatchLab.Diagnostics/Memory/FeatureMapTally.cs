namespace BatchLab.Diagnostics.Memory;

/// <summary>One way of counting a model's forward feature maps per sample, and its total in floats.</summary>
public sealed record FeatureMapTally(string Description, long Floats)
{
    /// <summary>
    /// The tally this project reports first, then the variants found in the literature: without the
    /// input; with each fully connected layer that feeds an activation counted twice (as if the
    /// activation wrote a new map for it, but only for those layers); with every activation output
    /// a map of its own (no in-place activations).
    /// </summary>
    public static IReadOnlyList<FeatureMapTally> For(ActivationProfile profile)
    {
        var layers = profile.Layers;
        var tallies = new List<FeatureMapTally>
        {
            new("input + every convolution, pooling, normalization and fully connected output (activations in place, flatten a view, dropout the identity)", profile.FeatureMapFloats),
            new("the same without the input", profile.FeatureMapFloats - profile.InputFloats),
        };
        var feeding = layers.Where((l, i) => l.Type == "Linear" && i + 1 < layers.Count && layers[i + 1].Rule.Activation).ToList();
        if (feeding.Count > 0)
        {
            tallies.Add(new($"with {string.Join(" and ", feeding.Select(l => l.Name))} (fully connected layers feeding an activation) counted twice", profile.FeatureMapFloats + feeding.Sum(l => l.OutputFloats)));
        }

        var activations = layers.Where(l => l.Rule.Activation).ToList();
        if (activations.Count > 0)
        {
            tallies.Add(new("with every activation output counted as a map of its own", profile.FeatureMapFloats + activations.Sum(l => l.OutputFloats)));
        }

        return tallies;
    }
}
