using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Runtime;

/// <summary>
/// Tensor operations with a number operand that keep the native Scalar alive until libtorch has
/// read it. TorchSharp 0.107 turns a number into a <see cref="Scalar"/> implicitly (<c>t.mul_(0.5)</c>,
/// <c>t * 2</c>, and inside <c>t.add(u)</c>, <c>t.square()</c>, <c>arange(n)</c>, BatchNorm's forward)
/// and leaves it to the finalizer; once the call has read the handle nothing references the Scalar,
/// so a garbage collection on any thread can free it while libtorch still reads it: "Unknown scalar
/// type" or "Scalar::toDouble" at random, about once per suite run. Here every Scalar is held by a
/// <c>using</c> (freed after the call returns) or is an immortal constant (a static field is never
/// finalized). The unsafe TorchSharp members are banned in BannedSymbols.txt (a build error),
/// listed by build/torchsharp-scalar-scan.cs. The names are TorchSharp's, capitalised; arithmetic and
/// Scalar types are the same, so results are bit-identical to the unsafe forms.
/// </summary>
public static class ScalarOps
{
    // Int64 Scalars, as TorchSharp's own `add(t)` (alpha 1) and `square()` (pow 2) create them.
    static readonly Scalar One = 1L.ToScalar();
    static readonly Scalar Two = 2L.ToScalar();
    static readonly Scalar Zero = 0L.ToScalar();

    public static Tensor Add(this Tensor t, Tensor other) => t.add(other, One);

    public static Tensor Add_(this Tensor t, Tensor other) => t.add_(other, One);

    public static Tensor Add(this Tensor t, Tensor other, double alpha)
    {
        using var a = alpha.ToScalar();
        return t.add(other, a);
    }

    public static Tensor Add_(this Tensor t, Tensor other, double alpha)
    {
        using var a = alpha.ToScalar();
        return t.add_(other, a);
    }

    public static Tensor Add(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.add(v, One);
    }

    public static Tensor Add(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.add(v, One);
    }

    public static Tensor Add_(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.add_(v, One);
    }

    public static Tensor Add_(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.add_(v, One);
    }

    public static Tensor Sub_(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.sub_(v);
    }

    public static Tensor Mul(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.mul(v);
    }

    public static Tensor Mul(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.mul(v);
    }

    public static Tensor Mul_(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.mul_(v);
    }

    public static Tensor Mul_(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.mul_(v);
    }

    public static Tensor Div(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.div(v);
    }

    public static Tensor Div(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.div(v);
    }

    public static Tensor Div_(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.div_(v);
    }

    public static Tensor Div_(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.div_(v);
    }

    public static Tensor Pow(this Tensor t, double exponent)
    {
        using var v = exponent.ToScalar();
        return t.pow(v);
    }

    public static Tensor Pow(this Tensor t, long exponent)
    {
        using var v = exponent.ToScalar();
        return t.pow(v);
    }

    public static Tensor Pow_(this Tensor t, long exponent)
    {
        using var v = exponent.ToScalar();
        return t.pow_(v);
    }

    public static Tensor Square(this Tensor t) => t.pow(Two);

    public static Tensor Remainder(this Tensor t, long divisor)
    {
        using var v = divisor.ToScalar();
        return t.remainder(v);
    }

    public static Tensor Gt(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.gt(v);
    }

    public static Tensor Gt(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.gt(v);
    }

    public static Tensor Lt(this Tensor t, double value)
    {
        using var v = value.ToScalar();
        return t.lt(v);
    }

    public static Tensor Lt(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.lt(v);
    }

    public static Tensor Eq(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.eq(v);
    }

    public static Tensor Ne(this Tensor t, long value)
    {
        using var v = value.ToScalar();
        return t.ne(v);
    }

    public static Tensor ClampMin(this Tensor t, double min)
    {
        using var v = min.ToScalar();
        return t.clamp_min(v);
    }

    public static Tensor ClampMin_(this Tensor t, double min)
    {
        using var v = min.ToScalar();
        return t.clamp_min_(v);
    }

    public static Tensor ClampMax_(this Tensor t, double max)
    {
        using var v = max.ToScalar();
        return t.clamp_max_(v);
    }

    public static Tensor MaskedFill(this Tensor t, Tensor mask, double value)
    {
        using var v = value.ToScalar();
        return t.masked_fill(mask, v);
    }

    public static Tensor MaskedFill_(this Tensor t, Tensor mask, double value)
    {
        using var v = value.ToScalar();
        return t.masked_fill_(mask, v);
    }

    public static Tensor Addcmul(this Tensor t, Tensor tensor1, Tensor tensor2, double value)
    {
        using var v = value.ToScalar();
        return t.addcmul(tensor1, tensor2, v);
    }

    public static Tensor Addcmul_(this Tensor t, Tensor tensor1, Tensor tensor2, double value)
    {
        using var v = value.ToScalar();
        return t.addcmul_(tensor1, tensor2, v);
    }

    public static Tensor Addcdiv_(this Tensor t, Tensor tensor1, Tensor tensor2, double value)
    {
        using var v = value.ToScalar();
        return t.addcdiv_(tensor1, tensor2, v);
    }

    /// <summary>0, 1, …, stop − 1, as <c>torch.arange(stop)</c>.</summary>
    public static Tensor Arange(long stop, ScalarType? dtype = null, Device? device = null)
    {
        using var s = stop.ToScalar();
        return arange(Zero, s, One, dtype, device);
    }

    /// <summary>start, start + 1, …, stop − 1, as <c>torch.arange(start, stop)</c>.</summary>
    public static Tensor Arange(long start, long stop, ScalarType? dtype = null, Device? device = null)
    {
        using var a = start.ToScalar();
        using var b = stop.ToScalar();
        return arange(a, b, One, dtype, device);
    }
}
