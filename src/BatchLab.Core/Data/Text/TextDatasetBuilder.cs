namespace BatchLab.Data.Text;

/// <summary>Builds a next-token data set from a corpus's documents: split by document, then cut into windows.</summary>
public static class TextDatasetBuilder
{
    /// <summary>Context used where no model sets one (`data info`): nanoGPT's small character models use 64–256.</summary>
    public const int DefaultContext = 64;

    public static Dataset Build(string name, IReadOnlyList<TextDocument> documents, DataOptions options, DataOrigin origin)
    {
        if (options.Validation is not null)
        {
            throw new BatchLabException($"{name}: text is split by document ({DocumentSplit.Rule}); leave out the validation size", BatchLabException.BadInput);
        }

        var context = options.Context ?? DefaultContext;
        if (context < 1)
        {
            throw new BatchLabException($"{name}: context must be at least 1 token, got {context}", BatchLabException.BadInput);
        }

        var split = DocumentSplit.Of(name, documents);
        var train = Cut(name, "train", split.Train, context, options.TrainSubset);
        var validation = Cut(name, "validation", split.Validation, context, null);
        var test = Cut(name, "test", split.Test, context, options.TestSubset);
        var layout = new TextLayout(context, 256, TextLayout.ByteTokens, TextLayout.WindowRule, DocumentSplit.Rule,
            Info(split.Train, train.Split), Info(split.Validation, validation.Split), Info(split.Test, test.Split));
        return new Dataset
        {
            Name = name,
            Task = TaskKind.NextToken,
            Classes = 256,
            SampleShape = [context],
            Train = train.Split,
            Validation = validation.Split,
            Test = test.Split,
            Provenance = $"{origin.Source}; {documents.Count:N0} documents split by document ({DocumentSplit.Rule}): "
                + $"train {split.Train.Count:N0} ({layout.Train.Tokens:N0} tokens, {train.Split.Count:N0} windows of {context}), "
                + $"validation {split.Validation.Count:N0} ({layout.Validation.Tokens:N0} tokens), test {split.Test.Count:N0} ({layout.Test.Tokens:N0} tokens)",
            Origin = origin with { OriginalTrain = train.All, OriginalTest = test.All },
            Text = layout,
        };
    }

    static (TensorSplit Split, long All) Cut(string name, string what, IReadOnlyList<TextDocument> documents, int context, int? subset)
    {
        var tokens = documents.Sum(d => (long)d.Bytes.Length);
        var all = TokenWindows.Count(tokens, context);
        if (all == 0)
        {
            throw new BatchLabException(
                $"{name}: the {what} documents hold {tokens:N0} tokens, fewer than one window of {context} plus its next token; use a longer text or a shorter context",
                BatchLabException.BadInput);
        }

        var split = TokenWindows.Cut(documents, context);
        var kept = DataOptions.Slice(split.Count, subset, what);
        if (kept == split.Count)
        {
            return (split, all);
        }

        var sliced = new TensorSplit(split.Inputs.narrow(0, 0, kept).clone(), split.Targets.narrow(0, 0, kept).clone());
        split.Dispose();
        return (sliced, all);
    }

    static TextSplitInfo Info(IReadOnlyList<TextDocument> documents, TensorSplit split)
    {
        var bytes = documents.Sum(d => (long)d.Bytes.Length);
        return new TextSplitInfo(documents.Count, bytes, bytes, split.Count, [.. documents.Select(d => d.Name)]);
    }
}
