using System.Text;
using BatchLab.Data;
using BatchLab.Data.Text;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Data.Text;

/// <summary><c>text:FILE</c>: byte tokens, paragraphs as documents, refusals of what is not text.</summary>
public class TextFileTests
{
    [Fact]
    public void Paragraphs_laid_end_to_end_are_the_file_byte_for_byte()
    {
        var text = "first line\nstill first\n\n\n  \nsecond\r\n\r\nthird é ✓\n";
        var bytes = Encoding.UTF8.GetBytes(text);

        var documents = Paragraphs.Of(bytes);

        Assert.Equal(["first line\nstill first\n\n\n  \n", "second\r\n\r\n", "third é ✓\n"], documents.Select(d => Encoding.UTF8.GetString(d.Bytes)));
        Assert.Equal(bytes, documents.SelectMany(d => d.Bytes));
        Assert.Equal(["paragraph 1 (line 1)", "paragraph 2 (line 6)", "paragraph 3 (line 8)"], documents.Select(d => d.Name));
    }

    [Fact]
    public void A_text_file_loads_as_windows_of_byte_tokens_of_the_requested_context()
    {
        using var dir = new TempDirectory();
        var path = TextFixtures.Paragraphs(dir.Path, paragraphs: 20, length: 40);

        using var data = DataCatalog.Load("text:" + path, new DataOptions { Context = 16 });

        Assert.Equal(TaskKind.NextToken, data.Task);
        Assert.Equal((256, 256), (data.Classes, data.Outputs));
        Assert.Equal([16L], data.SampleShape);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, data.Train.Inputs.dtype);
        // 16 training paragraphs of 41 or 42 bytes (40 letters and the line breaks), 2 validation, 2 test.
        var layout = data.Text!;
        Assert.Equal((16, 2, 2), (layout.Train.Documents, layout.Validation.Documents, layout.Test.Documents));
        Assert.Equal(new FileInfo(path).Length, layout.Train.Bytes + layout.Validation.Bytes + layout.Test.Bytes);
        Assert.Equal(layout.Train.Bytes, layout.Train.Tokens);
        Assert.Equal((layout.Train.Tokens - 1) / 16, data.Train.Count);
        Assert.Equal((layout.Validation.Tokens - 1) / 16, data.Validation.Count);
        Assert.Equal(["paragraph 9 (line 17)", "paragraph 19 (line 37)"], layout.Validation.DocumentNames);
    }

    [Theory]
    [InlineData(new byte[] { }, "empty text file")]
    [InlineData(new byte[] { 0x20, 0x0a, 0x09 }, "only white space")]
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0xc3, 0x28, 0x61 }, "not valid UTF-8 text (invalid byte sequence at offset 3)")]
    [InlineData(new byte[] { 0x61, 0xff }, "not valid UTF-8 text (invalid byte sequence at offset 1)")]
    public void Empty_and_damaged_files_are_refused_in_one_line_naming_the_problem(byte[] content, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.txt");
        File.WriteAllBytes(path, content);

        var result = CliProcess.Run("data", "info", "text:" + path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"batchlab: error: {path}: {problem}", result.Stderr.Trim());
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void A_byte_order_mark_is_not_a_token()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bom.txt");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("abc")]);

        Assert.Equal("abc"u8.ToArray(), Utf8Text.Read(path));
    }

    [Fact]
    public void Too_few_paragraphs_or_too_short_a_split_is_refused_with_what_is_needed()
    {
        using var dir = new TempDirectory();
        var few = TextFixtures.Paragraphs(dir.Path, paragraphs: 9);
        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load("text:" + few));
        Assert.Equal($"text:{few}: 9 document(s); splitting train / validation / test by document needs at least 10 (in a text file, paragraphs separated by blank lines)", e.Message);

        var shortText = TextFixtures.Paragraphs(dir.Path, paragraphs: 10, length: 5);
        e = Assert.Throws<BatchLabException>(() => DataCatalog.Load("text:" + shortText, new DataOptions { Context = 64 }));
        // Eight training paragraphs of 5 letters and a blank line: 56 tokens.
        Assert.StartsWith($"text:{shortText}: the train documents hold 56 tokens, fewer than one window of 64 plus its next token", e.Message);
    }

    [Fact]
    public void A_validation_size_is_refused_because_text_is_split_by_document()
    {
        using var dir = new TempDirectory();
        var path = TextFixtures.Paragraphs(dir.Path, paragraphs: 10);

        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load("text:" + path, new DataOptions { Validation = 5 }));

        Assert.StartsWith($"text:{path}: text is split by document", e.Message);
    }
}
