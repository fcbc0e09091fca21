using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace BatchLab.Training.Checkpoints;

/// <summary>
/// A training checkpoint: the trainer's counters (<see cref="TrainCounters"/>), a fingerprint of the
/// configuration it belongs to, and named tensors (model state dict as "model.*", optimizer
/// state as "optim.*"). Encoded as
/// <c>"BLCKPT1\n" | int32 header length | header JSON | tensors | SHA-256 of all preceding bytes</c>
/// so a torn or corrupted file is detected on load.
/// </summary>
public sealed class Checkpoint(TrainCounters state, string fingerprint, IReadOnlyDictionary<string, Tensor> tensors) : IDisposable
{
    static readonly byte[] Magic = "BLCKPT1\n"u8.ToArray();

    // Doubles round-trip exactly in System.Text.Json; NaN and ±∞ (a diverging evaluation) are spelled out.
    static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public TrainCounters State { get; } = state;

    public string Fingerprint { get; } = fingerprint;

    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            var header = JsonSerializer.SerializeToUtf8Bytes(new Header(State, Fingerprint), Json);
            w.Write(header.Length);
            w.Write(header);
            w.Write(Tensors.Count);
            foreach (var (name, tensor) in Tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                TensorCodec.Write(w, name, tensor);
            }
        }

        var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        return buffer.ToArray();
    }

    /// <summary>Decodes bytes written by <see cref="Encode"/>; throws <see cref="InvalidDataException"/> when damaged.</summary>
    public static Checkpoint Decode(byte[] bytes)
    {
        if (bytes.Length < Magic.Length + 36 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a BatchLab checkpoint");
        }

        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
        {
            throw new InvalidDataException("checksum mismatch (torn or corrupted write)");
        }

        using var r = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
        r.ReadBytes(Magic.Length);
        var header = JsonSerializer.Deserialize<Header>(r.ReadBytes(r.ReadInt32()), Json)
            ?? throw new InvalidDataException("empty checkpoint header");
        var count = r.ReadInt32();
        var tensors = new Dictionary<string, Tensor>(count);
        for (var i = 0; i < count; i++)
        {
            var (name, tensor) = TensorCodec.Read(r);
            tensors[name] = tensor;
        }

        return new Checkpoint(header.State, header.Fingerprint, tensors);
    }

    public void Dispose()
    {
        foreach (var t in Tensors.Values)
        {
            t.Dispose();
        }
    }

    sealed record Header(TrainCounters State, string Fingerprint);
}
