using System.Runtime.InteropServices;
using BatchLab.Data.Idx;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Data.Images;

/// <summary>
/// Images from an IDX array to standardised float32 tensors [n, 1, ...]. Byte images (all of
/// MNIST's family) take a fast path: statistics from a 256-bin histogram and conversion in one
/// pass through a 256-entry table written straight into the tensor, instead of five passes
/// over 190 MB of floats (convert, scale, mean, std, standardise).
/// </summary>
internal static class ImageTensors
{
    /// <summary>Mean and std of the <paramref name="rows"/> samples; byte pixels are first scaled to [0, 1].</summary>
    public static Standardization Statistics(IdxArray images, long[] rows)
    {
        if (images.ElementType != IdxElementType.UnsignedByte)
        {
            using var scope = NewDisposeScope();
            var x = Selected(images, rows).to_type(ScalarType.Float64);
            return Guarded(x.mean().item<double>(), x.std().item<double>());
        }

        var counts = new long[256];
        var size = SampleSize(images);
        foreach (var row in rows)
        {
            foreach (var b in images.Data.AsSpan((int)(row * size), size))
            {
                counts[b]++;
            }
        }

        double n = (long)rows.Length * size, mean = 0, squares = 0;
        for (var b = 0; b < 256; b++)
        {
            mean += counts[b] * (b / 255.0) / n;
        }

        for (var b = 0; b < 256; b++)
        {
            squares += counts[b] * Math.Pow((b / 255.0) - mean, 2);
        }

        return Guarded(mean, Math.Sqrt(squares / Math.Max(n - 1, 1)));
    }

    /// <summary>The <paramref name="rows"/> samples as float32 [n, 1, ...], standardised with <paramref name="s"/>.</summary>
    public static Tensor Standardized(IdxArray images, long[] rows, Standardization s)
    {
        if (images.ElementType != IdxElementType.UnsignedByte)
        {
            using var scope = NewDisposeScope();
            return Selected(images, rows).to_type(ScalarType.Float32).Sub_(s.Mean).Div_(s.Std).unsqueeze(1).MoveToOuterDisposeScope();
        }

        var table = new float[256];
        for (var b = 0; b < 256; b++)
        {
            table[b] = (float)(((b / 255.0) - s.Mean) / s.Std);
        }

        var size = SampleSize(images);
        var result = empty([rows.Length, 1, .. images.Shape[1..].Select(d => (long)d)], ScalarType.Float32);
        var target = MemoryMarshal.Cast<byte, float>(result.bytes);
        for (var i = 0; i < rows.Length; i++)
        {
            var source = images.Data.AsSpan((int)(rows[i] * size), size);
            var destination = target.Slice(i * size, size);
            for (var j = 0; j < size; j++)
            {
                destination[j] = table[source[j]];
            }
        }

        return result;
    }

    static int SampleSize(IdxArray images) => images.Shape[1..].Aggregate(1, (a, d) => a * d);

    static Tensor Selected(IdxArray images, long[] rows)
    {
        using var all = images.ToTensor();
        using var index = tensor(rows);
        return all.index_select(0, index);
    }

    // A constant training set (tiny fixtures) has std 0: centre it rather than divide by zero.
    static Standardization Guarded(double mean, double std) => new(mean, std > 0 ? std : 1);
}
