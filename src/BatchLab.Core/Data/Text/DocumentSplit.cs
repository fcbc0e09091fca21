namespace BatchLab.Data.Text;

/// <summary>
/// Which documents of a corpus train, validate and test. Document i (from 0, in corpus order) goes
/// to validation when i mod 10 = 8, to test when i mod 10 = 9, and to training otherwise: 80/10/10,
/// the same for every run and every seed, never cutting a document, and spread over the whole corpus
/// (the Brown corpus is ordered by genre, so every genre is in every split).
/// </summary>
public sealed record DocumentSplit(IReadOnlyList<TextDocument> Train, IReadOnlyList<TextDocument> Validation, IReadOnlyList<TextDocument> Test)
{
    /// <summary>Documents needed so that each split has at least one.</summary>
    public const int MinimumDocuments = 10;

    public const string Rule = "document i (from 0, in corpus order) to validation when i mod 10 = 8, to test when i mod 10 = 9, to train otherwise";

    public static DocumentSplit Of(string what, IReadOnlyList<TextDocument> documents)
    {
        if (documents.Count < MinimumDocuments)
        {
            throw new BatchLabException(
                $"{what}: {documents.Count} document(s); splitting train / validation / test by document needs at least {MinimumDocuments} (in a text file, paragraphs separated by blank lines)",
                BatchLabException.BadInput);
        }

        var indexed = documents.Select((d, i) => (Document: d, Split: (i % 10) switch { 8 => 1, 9 => 2, _ => 0 })).ToList();
        return new DocumentSplit(
            [.. indexed.Where(x => x.Split == 0).Select(x => x.Document)],
            [.. indexed.Where(x => x.Split == 1).Select(x => x.Document)],
            [.. indexed.Where(x => x.Split == 2).Select(x => x.Document)]);
    }
}
