using System.IO.Compression;

namespace BatchLab.Models.TorchScript;

/// <summary>
/// Checks a TorchScript archive before libtorch reads it, since libtorch trusts it: a tensor
/// record shorter than its tensor is read past its end (weights like 7.1e31, then "DIVERGED at
/// update 0"), and a pickle naming a global torch never writes (os.system) ends in a native
/// abort. The archive is a zip of <c>data.pkl</c> and <c>constants.pkl</c> (pickles of the
/// module and its tensors) and one record per tensor storage (<c>data/0</c>, <c>data/1</c>, …).
/// Every storage a pickle names must have its record, of exactly numel × element size bytes, and
/// every tensor must lie inside its storage. Costs one read of the pickles (kilobytes).
/// </summary>
internal static class TorchScriptArchive
{
    /// <summary>Pickles larger than this are no model's (a 100-million-parameter model's data.pkl is about 100 KB).</summary>
    const long MaxPickleBytes = 64L << 20;

    static readonly Dictionary<string, int> ElementBytes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = 4,
        ["DoubleStorage"] = 8,
        ["HalfStorage"] = 2,
        ["BFloat16Storage"] = 2,
        ["LongStorage"] = 8,
        ["IntStorage"] = 4,
        ["ShortStorage"] = 2,
        ["CharStorage"] = 1,
        ["ByteStorage"] = 1,
        ["BoolStorage"] = 1,
        ["ComplexFloatStorage"] = 8,
        ["ComplexDoubleStorage"] = 16,
        ["QInt8Storage"] = 1,
        ["QUInt8Storage"] = 1,
        ["QInt32Storage"] = 4,
    };

    /// <summary>Throws a <see cref="BatchLabException"/> saying what is wrong (the caller names the file).</summary>
    public static void Check(ZipArchive zip)
    {
        var pickles = zip.Entries.Where(e => e.FullName.Count(c => c == '/') == 1 && e.Name is "data.pkl" or "constants.pkl").ToList();
        if (!pickles.Any(e => e.Name == "data.pkl"))
        {
            throw new BatchLabException("it has no data.pkl (not a TorchScript archive)");
        }

        var records = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (!records.TryAdd(entry.FullName, entry.Length))
            {
                throw new BatchLabException($"it holds {entry.FullName} twice (a damaged or crafted archive)");
            }
        }

        foreach (var pickle in pickles)
        {
            if (pickle.Length > MaxPickleBytes)
            {
                throw new BatchLabException($"its {pickle.Name} is {pickle.Length:N0} bytes, more than any model's");
            }

            var bytes = new byte[pickle.Length];
            using (var stream = pickle.Open())
            {
                stream.ReadExactly(bytes);
            }

            var prefix = pickle.FullName[..(pickle.FullName.IndexOf('/') + 1)];
            PickleReader.Read(bytes, call => Judge(call, pickle.Name, prefix, records));
        }
    }

    static void Judge(PickleCall call, string pickle, string prefix, Dictionary<string, long> records)
    {
        if (call.Callable is not PickleGlobal global)
        {
            return; // a call of a call's result: only the globals can name code
        }

        if (!Allowed(global))
        {
            throw new BatchLabException($"its {pickle} names {global}, which no TorchScript model needs (a pickle that runs code)");
        }

        if (global is { Module: "torch._utils", Name: "_rebuild_tensor_v2" })
        {
            CheckTensor(call.Arguments, pickle, prefix, records);
        }
    }

    static bool Allowed(PickleGlobal g) => g.Module switch
    {
        "torch._utils" => g.Name.StartsWith("_rebuild_", StringComparison.Ordinal),
        "torch" => g.Name.EndsWith("Storage", StringComparison.Ordinal),
        "collections" => g.Name == "OrderedDict",
        "torch.jit._pickle" => true,
        _ => g.Module == "__torch__" || g.Module.StartsWith("__torch__.", StringComparison.Ordinal),
    };

    /// <summary>_rebuild_tensor_v2(storage, offset, size, stride, ...), storage = ('storage', torch.XStorage, key, location, numel).</summary>
    static void CheckTensor(IReadOnlyList<object?> args, string pickle, string prefix, Dictionary<string, long> records)
    {
        if (args is not [PicklePersistent { Id: List<object?> id }, long offset, List<object?> size, List<object?> stride, ..]
            || id is not ["storage", PickleGlobal storage, string key, _, long numel]
            || size.Count != stride.Count || size.Any(s => s is not long) || stride.Any(s => s is not long))
        {
            throw new BatchLabException($"its {pickle} describes a tensor in a form torch does not write");
        }

        if (!ElementBytes.TryGetValue(storage.Name, out var element))
        {
            throw new BatchLabException($"its {pickle} names the storage type {storage}, which BatchLab does not know");
        }

        var name = records.ContainsKey(prefix + "data/" + key) ? prefix + "data/" + key : prefix + "constants/" + key;
        if (!records.TryGetValue(name, out var length) && numel != 0)
        {
            throw new BatchLabException($"its {pickle} names the tensor record {key}, which the archive lacks (damaged or truncated file)");
        }

        if (numel < 0 || numel > long.MaxValue / element || length != numel * element)
        {
            throw new BatchLabException($"its tensor record {name[prefix.Length..]} holds {length:N0} bytes, but its {storage.Name} of {numel:N0} elements needs {numel * element:N0} (damaged or truncated file)");
        }

        // The last element the tensor reaches: offset + Σ (size_i − 1)·stride_i (nothing when a size is 0).
        var sizes = size.Cast<long>().ToArray();
        var strides = stride.Cast<long>().ToArray();
        if (offset < 0 || sizes.Any(s => s < 0) || strides.Any(s => s < 0))
        {
            throw new BatchLabException($"its {pickle} gives a tensor a negative size, stride or offset");
        }

        if (sizes.All(s => s > 0))
        {
            var last = (Int128)offset;
            for (var i = 0; i < sizes.Length; i++)
            {
                last += (Int128)(sizes[i] - 1) * strides[i];
            }

            if (last >= numel)
            {
                throw new BatchLabException(
                    $"its tensor [{string.Join(", ", sizes)}] on record {name[prefix.Length..]} reaches element {last:N0} of a storage of {numel:N0} (damaged file)");
            }
        }
    }
}
