using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>Hidden-layer non-linearities an MLP spec may name with <c>act=</c>.</summary>
public enum Activation
{
    Relu,
    Tanh,
    Gelu,
    Sigmoid,
}

public static class Activations
{
    /// <summary>The spelling used in specs and layer names: relu, tanh, gelu, sigmoid.</summary>
    public static string SpecName(this Activation activation) => activation.ToString().ToLowerInvariant();

    public static nn.Module<Tensor, Tensor> CreateModule(this Activation activation) => activation switch
    {
        Activation.Relu => nn.ReLU(),
        Activation.Tanh => nn.Tanh(),
        Activation.Gelu => nn.GELU(),
        Activation.Sigmoid => nn.Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    public static bool TryParse(string name, out Activation activation)
    {
        foreach (var candidate in Enum.GetValues<Activation>())
        {
            if (candidate.SpecName() == name)
            {
                activation = candidate;
                return true;
            }
        }

        activation = default;
        return false;
    }
}
