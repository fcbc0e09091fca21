using BatchLab.Data;
using BatchLab.Data.Text;

namespace BatchLab.Tests.Data.Text;

/// <summary>Train / validation / test by whole documents, and windows that never leave their split.</summary>
public class DocumentSplitTests
{
    static IReadOnlyList<TextDocument> Documents(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new TextDocument($"d{i}", Enumerable.Repeat((byte)i, 30).ToArray()))];

    [Fact]
    public void Every_tenth_document_from_the_ninth_validates_and_from_the_tenth_tests()
    {
        var split = DocumentSplit.Of("corpus", Documents(25));

        Assert.Equal(["d8", "d18"], split.Validation.Select(d => d.Name));
        Assert.Equal(["d9", "d19"], split.Test.Select(d => d.Name));
        Assert.Equal(21, split.Train.Count);
        Assert.Empty(split.Train.Select(d => d.Name).Intersect(["d8", "d9", "d18", "d19"]));
    }

    [Fact]
    public void Windows_hold_only_their_own_split_s_documents_in_corpus_order()
    {
        using var data = TextDatasetBuilder.Build("corpus", Documents(20), new DataOptions { Context = 8 }, new DataOrigin("test", null, [], 0, 0));

        // Document i is 30 bytes of value i: validation is documents 8 and 18, test 9 and 19.
        Assert.Equal([8L, 18], data.Validation.Inputs.unique().Item1.data<long>().ToArray());
        Assert.Equal([9L, 19], data.Test.Targets.unique().Item1.data<long>().ToArray());
        Assert.DoesNotContain(8L, data.Train.Inputs.unique().Item1.data<long>().ToArray());
    }

    [Fact]
    public void Window_k_reads_tokens_kT_to_kT_plus_T_and_predicts_each_next_one()
    {
        var stream = Enumerable.Range(0, 23).Select(i => (byte)(100 + i)).ToArray();

        using var windows = TokenWindows.Cut([new TextDocument("a", stream[..10]), new TextDocument("b", stream[10..])], context: 5);

        // (23 − 1) / 5 = 4 windows; the last 2 tokens are unused.
        Assert.Equal([4L, 5], windows.Inputs.shape);
        Assert.Equal(Enumerable.Range(100, 20).Select(i => (long)i), windows.Inputs.reshape(-1).data<long>().ToArray());
        Assert.Equal(Enumerable.Range(101, 20).Select(i => (long)i), windows.Targets.reshape(-1).data<long>().ToArray());
    }

    [Fact]
    public void Validation_windows_are_the_same_at_every_load()
    {
        using var a = TextDatasetBuilder.Build("corpus", Documents(30), new DataOptions { Context = 7 }, new DataOrigin("test", null, [], 0, 0));
        using var b = TextDatasetBuilder.Build("corpus", Documents(30), new DataOptions { Context = 7 }, new DataOrigin("test", null, [], 0, 0));

        Assert.True(a.Validation.Inputs.equal(b.Validation.Inputs).all().item<bool>());
        Assert.True(a.Validation.Targets.equal(b.Validation.Targets).all().item<bool>());
    }
}
