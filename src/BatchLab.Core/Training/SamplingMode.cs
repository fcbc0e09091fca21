namespace BatchLab.Training;

/// <summary>How the samples of each update are drawn from the training set.</summary>
public enum SamplingMode
{
    /// <summary>A new random permutation every epoch, consumed in order (the default).</summary>
    Shuffle,

    /// <summary>Each update draws B indices uniformly with replacement; an epoch is N samples drawn.</summary>
    Replacement,

    /// <summary>The training set in stored order every epoch.</summary>
    Sequential,
}
