using BatchLab.Data.Fetching;
using BatchLab.Data.Text;

namespace BatchLab.Data.Sources;

/// <summary>
/// <c>text:FILE</c>: any UTF-8 text for a language model, one token per byte (vocabulary 256, so
/// nothing to train or download). Its paragraphs (separated by blank lines) are the documents the
/// split keeps whole (<see cref="DocumentSplit"/>); empty or damaged files are refused in one line.
/// </summary>
public sealed class TextFileSource(string parameters) : IDataSource
{
    public const string Kind = "text";

    readonly PathSpec spec = PathSpec.Parse(Kind, parameters, [], "text file");

    public string Name => $"{Kind}:{parameters}";

    public string Summary => $"UTF-8 text from {spec.Path}, byte tokens, split by paragraph";

    public Dataset Load(DataOptions options, DataContext context)
    {
        var bytes = Utf8Text.Read(spec.Path);
        var origin = new DataOrigin($"text file {Path.GetFileName(spec.Path)}", Path.GetDirectoryName(Path.GetFullPath(spec.Path)),
            Checksums.Record([spec.Path]), 0, 0);
        return TextDatasetBuilder.Build(Name, Paragraphs.Of(bytes), options, origin);
    }
}
