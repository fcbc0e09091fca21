namespace BatchLab.Data;

/// <summary>What the targets are; it decides the loss (see <see cref="Losses"/>).</summary>
public enum TaskKind
{
    /// <summary>Targets are int64 class ids in [0, classes); loss is cross-entropy.</summary>
    Classification,

    /// <summary>Targets are real values, shape [N, 1]; loss is ½ squared error.</summary>
    Regression,
}
