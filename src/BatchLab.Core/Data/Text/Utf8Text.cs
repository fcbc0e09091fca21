using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace BatchLab.Data.Text;

/// <summary>Reads text files as bytes, refusing what is not text in one line (no stack trace).</summary>
public static class Utf8Text
{
    /// <summary>
    /// The file's bytes, after checking that they are valid UTF-8 and not empty (a byte-order mark is
    /// dropped: it is no text). Throws <see cref="BatchLabException"/> naming the file and, for
    /// damaged text, the byte offset of the first invalid sequence.
    /// </summary>
    public static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new BatchLabException($"{path}: no such file", BatchLabException.BadInput);
        }

        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var text = bytes[start..];
        Check(path, text);
        return text;
    }

    /// <summary>Refuses bytes that are empty, only white space, or not valid UTF-8.</summary>
    public static void Check(string what, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            throw new BatchLabException($"{what}: empty text file: a language model needs text to train on", BatchLabException.BadInput);
        }

        // Decoding stops at the first invalid sequence and says where it starts (bytes read so far).
        var chars = new char[bytes.Length];
        if (Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw new BatchLabException($"{what}: not valid UTF-8 text (invalid byte sequence at offset {read:N0}); convert it to UTF-8 first", BatchLabException.BadInput);
        }

        if (chars.AsSpan(0, written).IsWhiteSpace())
        {
            throw new BatchLabException($"{what}: only white space: a language model needs text to train on", BatchLabException.BadInput);
        }
    }
}
