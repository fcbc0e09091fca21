namespace BatchLab.Data;

/// <summary>What the targets are; it decides the loss (see <see cref="Losses"/>).</summary>
public enum TaskKind
{
    /// <summary>Targets are int64 class ids in [0, classes); loss is cross-entropy.</summary>
    Classification,

    /// <summary>Targets are real values, shape [N, 1]; loss is ½ squared error.</summary>
    Regression,

    /// <summary>
    /// Language modelling: inputs and targets are [N, T] int64 token ids, the targets the inputs
    /// shifted by one token; a sample is one sequence of T tokens and its loss is the mean
    /// cross-entropy over its T tokens, so a batch's mean loss is the mean over its tokens.
    /// </summary>
    NextToken,
}
