namespace BatchLab.Models;

/// <summary>
/// A normalization layer whose statistics are computed over chunks of a set size G (ghost batch
/// norm), independent of how many samples a forward pass carries. The trainer sets G on every
/// such layer before training; null means "the whole forward pass", i.e. plain BatchNorm.
/// In training mode a forward pass of M samples requires G to divide M.
/// </summary>
public interface IGhostBatchNorm
{
    long? NormBatch { get; set; }
}
