using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>Floating-point type of weights, activations and data during training.</summary>
public enum Precision
{
    Float32,
    Float64,
}

public static class PrecisionExtensions
{
    public static ScalarType ToScalarType(this Precision p) => p == Precision.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    public static Precision Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "float32" or "fp32" or "f32" => Precision.Float32,
        "float64" or "fp64" or "f64" or "double" => Precision.Float64,
        _ => throw new BatchLabException($"unknown dtype '{text}'; choose float32 or float64"),
    };
}
