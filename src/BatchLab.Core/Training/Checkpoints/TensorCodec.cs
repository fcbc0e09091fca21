using static TorchSharp.torch;

namespace BatchLab.Training.Checkpoints;

/// <summary>Raw binary encoding of named tensors: name, dtype, shape, bytes. Bit-exact, any dtype.</summary>
public static class TensorCodec
{
    public static void Write(BinaryWriter w, string name, Tensor tensor)
    {
        using var cpuTensor = tensor.detach().cpu().contiguous();
        w.Write(name);
        w.Write((int)cpuTensor.dtype);
        w.Write(cpuTensor.shape.Length);
        foreach (var d in cpuTensor.shape)
        {
            w.Write(d);
        }

        var bytes = cpuTensor.bytes;
        w.Write((long)bytes.Length);
        w.Write(bytes);
    }

    public static (string Name, Tensor Tensor) Read(BinaryReader r)
    {
        var name = r.ReadString();
        var dtype = (ScalarType)r.ReadInt32();
        var shape = new long[r.ReadInt32()];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = r.ReadInt64();
        }

        var length = r.ReadInt64();
        var tensor = empty(shape, dtype: dtype);
        var data = r.ReadBytes(checked((int)length));
        if (data.Length != length || tensor.bytes.Length != length)
        {
            tensor.Dispose();
            throw new InvalidDataException($"tensor '{name}' is truncated or has the wrong size");
        }

        tensor.bytes = data;
        return (name, tensor);
    }
}
