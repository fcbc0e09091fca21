using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>SHA-256 over a model's state dict (names, dtypes, shapes and raw bytes in name order).</summary>
public static class WeightsHash
{
    public static string Of(nn.Module model)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, tensor) in model.state_dict().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            using var t = tensor.detach().cpu().contiguous();
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}:{t.dtype}:{string.Join('x', t.shape)};"));
            sha.AppendData(t.bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
