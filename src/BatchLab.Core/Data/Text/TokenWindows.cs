using static TorchSharp.torch;

namespace BatchLab.Data.Text;

/// <summary>
/// Turns a split's documents into training samples for next-token prediction. The documents are
/// laid end to end (as nanoGPT's train.bin) and cut into non-overlapping windows of
/// <c>context</c> tokens: window k reads tokens [k·T, k·T + T) and its targets are the same
/// positions shifted by one, [k·T + 1, k·T + T + 1). The tokens after the last whole window (at
/// most T) are not used. The trainer shuffles the windows every epoch with the run's seed, as it
/// shuffles images; evaluation reads them in order, so validation windows are the same in every run.
/// </summary>
public static class TokenWindows
{
    /// <summary>Windows a stream of <paramref name="tokens"/> tokens yields at <paramref name="context"/>.</summary>
    public static long Count(long tokens, int context) => tokens <= 1 ? 0 : (tokens - 1) / context;

    /// <summary>Inputs and targets, each [windows, context] int64 (byte values 0–255).</summary>
    public static TensorSplit Cut(IReadOnlyList<TextDocument> documents, int context)
    {
        var stream = documents.SelectMany(d => d.Bytes).ToArray();
        var windows = Count(stream.Length, context);
        using var scope = NewDisposeScope();
        // 8 bytes per token per tensor: 100 MB for the Brown corpus's 6 million bytes.
        var tokens = tensor(stream).to_type(ScalarType.Int64);
        var inputs = tokens.narrow(0, 0, windows * context).view(windows, context).clone();
        var targets = tokens.narrow(0, 1, windows * context).view(windows, context).clone();
        return new TensorSplit(inputs, targets).MoveToOuterDisposeScope();
    }
}
