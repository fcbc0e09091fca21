using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace BatchLab.IO.Safetensors;

/// <summary>A safetensors file's tensors (in header order) and its string metadata.</summary>
public sealed class SafetensorsContent(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<(string Name, Tensor Tensor)> tensors) : IDisposable
{
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public IReadOnlyList<(string Name, Tensor Tensor)> Tensors { get; } = tensors;

    public Tensor? this[string name] => Tensors.FirstOrDefault(t => t.Name == name).Tensor;

    public void Dispose()
    {
        foreach (var (_, t) in Tensors)
        {
            t.Dispose();
        }
    }
}

/// <summary>
/// The safetensors format (what <c>safetensors.torch.save_file</c> and numpy readers use): an
/// 8-byte little-endian header length, a UTF-8 JSON header — <c>__metadata__</c> (string to string)
/// and per tensor its dtype, shape and [begin, end) byte offsets — padded with spaces to 8 bytes,
/// then the raw little-endian data. Written here rather than by TorchSharp.PyBridge, whose writer
/// has no metadata and counts the header in UTF-16 characters instead of bytes. Every defect of a
/// file read gives one line naming the file and the problem.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>Headers beyond this are not safetensors (the reference implementation's limit).</summary>
    const long MaxHeader = 100_000_000;

    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.Select(t => (t.Name, Tensor: t.Tensor.detach().cpu().contiguous())).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = new JsonObject(metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        }

        long offset = 0;
        foreach (var (name, t) in list)
        {
            var bytes = t.numel() * SafetensorsDtype.Size(t.dtype);
            header[name] = new JsonObject
            {
                ["dtype"] = SafetensorsDtype.Name(t.dtype),
                ["shape"] = new JsonArray([.. t.shape.Select(d => (JsonNode)d)]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }

        var text = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (text.Length + 7) / 8 * 8;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(BitConverter.GetBytes((ulong)padded));
            stream.Write(text);
            stream.Write(Enumerable.Repeat((byte)' ', padded - text.Length).ToArray());
            foreach (var (_, t) in list)
            {
                stream.Write(t.bytes);
            }
        });
        list.ForEach(t => t.Tensor.Dispose());
    }

    /// <summary>Reads every tensor into memory.</summary>
    /// <exception cref="BatchLabException">The file is missing, truncated, or its header is malformed.</exception>
    public static SafetensorsContent Read(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw Problem(name, $"no such file: {path}");
        }

        using var file = File.OpenRead(path);
        var (metadata, entries, dataStart) = Header(file, name);
        var tensors = new List<(string, Tensor)>();
        try
        {
            foreach (var (key, dtype, shape, begin, _) in entries)
            {
                var t = empty(shape, dtype);
                file.Position = dataStart + begin;
                file.ReadExactly(t.bytes);
                tensors.Add((key, t));
            }
        }
        catch
        {
            tensors.ForEach(t => t.Item2.Dispose());
            throw;
        }

        return new SafetensorsContent(metadata, tensors);
    }

    static (Dictionary<string, string> Metadata, List<(string Key, ScalarType Dtype, long[] Shape, long Begin, long End)> Entries, long DataStart) Header(FileStream file, string name)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (file.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            throw Problem(name, $"truncated: {file.Length} bytes, too short for the 8-byte header length");
        }

        var length = BitConverter.ToUInt64(prefix);
        if (length < 2 || length > MaxHeader || (long)length > file.Length - 8)
        {
            throw Problem(name, $"not a safetensors file: header length {length:N0} does not fit the {file.Length:N0}-byte file");
        }

        var text = new byte[length];
        file.ReadExactly(text);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(text) as JsonObject ?? throw Problem(name, "the header is not a JSON object");
            _ = header.Count; // JsonObject reads its keys lazily: a repeated key throws here, not later
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException or ArgumentException or InvalidOperationException)
        {
            throw Problem(name, $"the header is not valid JSON ({e.Message.Split('\n')[0].TrimEnd('.')})");
        }

        try
        {
            return Entries(file, name, header, (long)length);
        }
        catch (InvalidOperationException e)
        {
            throw Problem(name, $"the header is not valid UTF-8 JSON ({e.Message.Split('\n')[0].TrimEnd('.')})");
        }
    }

    static (Dictionary<string, string>, List<(string, ScalarType, long[], long, long)>, long) Entries(FileStream file, string name, JsonObject header, long length)
    {
        var metadata = new Dictionary<string, string>();
        var entries = new List<(string, ScalarType, long[], long, long)>();
        foreach (var (key, node) in header)
        {
            if (key == "__metadata__")
            {
                foreach (var (k, v) in node as JsonObject ?? throw Problem(name, "__metadata__ is not an object of strings"))
                {
                    metadata[k] = v is JsonValue s && s.TryGetValue<string>(out var value) ? value : throw Problem(name, $"__metadata__ value '{k}' is not a string");
                }

                continue;
            }

            entries.Add(Entry(name, key, node));
        }

        var dataLength = file.Length - 8 - length;
        CheckCoverage(name, entries, dataLength);
        return (metadata, entries, 8 + length);
    }

    static (string, ScalarType, long[], long, long) Entry(string name, string key, JsonNode? node)
    {
        try
        {
            var dtypeName = node?["dtype"]?.GetValue<string>() ?? throw Problem(name, $"tensor '{key}' has no dtype");
            var dtype = SafetensorsDtype.Parse(dtypeName) ?? throw Problem(name, $"tensor '{key}' has dtype '{dtypeName}'; readable: {SafetensorsDtype.Known}");
            var shape = (node["shape"] as JsonArray ?? throw Problem(name, $"tensor '{key}' has no shape")).Select(d => d!.GetValue<long>()).ToArray();
            var offsets = (node["data_offsets"] as JsonArray ?? throw Problem(name, $"tensor '{key}' has no data_offsets")).Select(d => d!.GetValue<long>()).ToArray();
            if (shape.Any(d => d < 0) || offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
            {
                throw Problem(name, $"tensor '{key}' has shape [{string.Join(", ", shape)}] and data_offsets [{string.Join(", ", offsets)}]; sizes and offsets must be non-negative and ordered");
            }

            var bytes = shape.Aggregate(1.0, (n, d) => n * d) * SafetensorsDtype.Size(dtype);
            return bytes != offsets[1] - offsets[0]
                ? throw Problem(name, $"tensor '{key}' ({dtypeName} [{string.Join(", ", shape)}]) needs {bytes:N0} bytes but data_offsets span {offsets[1] - offsets[0]:N0}")
                : (key, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw Problem(name, $"tensor '{key}' has a malformed entry (dtype, shape and data_offsets are needed)");
        }
    }

    // The data must be covered exactly: no gaps, no overlaps, nothing past the end.
    static void CheckCoverage(string name, List<(string Key, ScalarType, long[], long Begin, long End)> entries, long dataLength)
    {
        long expected = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expected)
            {
                throw Problem(name, e.Begin < expected ? $"tensor '{e.Key}' overlaps another tensor's data" : $"{e.Begin - expected:N0} bytes before tensor '{e.Key}' belong to no tensor");
            }

            expected = e.End;
        }

        if (expected != dataLength)
        {
            throw Problem(name, expected > dataLength
                ? $"truncated: the header promises {expected:N0} bytes of data, the file has {dataLength:N0}"
                : $"{dataLength - expected:N0} trailing bytes after the {expected:N0} bytes of data the header promises");
        }
    }

    static BatchLabException Problem(string name, string what) => new($"{name}: {what}", BatchLabException.BadInput);
}
