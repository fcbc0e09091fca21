namespace BatchLab.Data.Text;

/// <summary>One split of a text data set: its documents, their size, and the windows cut from them.</summary>
/// <param name="Bytes">UTF-8 bytes of the split's documents.</param>
/// <param name="Tokens">Tokens of those documents: one per byte.</param>
/// <param name="Windows">Samples: non-overlapping windows of the context length.</param>
public sealed record TextSplitInfo(int Documents, long Bytes, long Tokens, long Windows, IReadOnlyList<string> DocumentNames);

/// <summary>
/// How a text data set was tokenised, split and cut into samples, for `data info` and run records.
/// </summary>
/// <param name="Context">Tokens per sample (window), set by the model's context in a run.</param>
public sealed record TextLayout(
    int Context,
    int Vocabulary,
    string Tokens,
    string Windows,
    string SplitRule,
    TextSplitInfo Train,
    TextSplitInfo Validation,
    TextSplitInfo Test)
{
    public const string ByteTokens = "bytes of UTF-8 text (vocabulary 256)";

    public const string WindowRule = "non-overlapping windows of the context length over each split's documents laid end to end, targets shifted by one token; training windows reshuffled every epoch by the run's seed, validation and test windows fixed";
}
