using SkiaSharp;

namespace BatchLab.Data.Images;

/// <summary>How images of other sizes become S×S: <c>crop</c> scales the shorter side to S and cuts the centre (torchvision's Resize + CenterCrop); <c>resize</c> scales each side to S.</summary>
public enum ImageFit
{
    Crop,
    Resize,
}

/// <summary>Decodes one image file into C×S×S bytes (channel planes, rows in order) with SkiaSharp.</summary>
internal static class ImageDecoding
{
    public static (int Width, int Height) Size(string file)
    {
        using var codec = SKCodec.Create(file) ?? throw Unreadable(file);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>The most pixels one image may have (a 60000×60000 header asked for 14 GB before anything failed): 100 megapixels, 400 MB decoded.</summary>
    const long MaxPixels = 100_000_000;

    /// <summary>Writes the image's <paramref name="channels"/> planes of size×size bytes into <paramref name="target"/>.</summary>
    public static void Decode(string file, int size, int channels, ImageFit fit, Span<byte> target)
    {
        var (width, height) = Size(file);
        if ((long)width * height > MaxPixels)
        {
            throw new BatchLabException($"images: {file} says it is {width:N0}×{height:N0} pixels, more than {MaxPixels / 1_000_000:N0} megapixels; downscale it first");
        }

        using var decoded = SKBitmap.Decode(file) ?? throw Unreadable(file);
        using var rgba = decoded.Copy(SKColorType.Rgba8888) ?? throw Unreadable(file);
        var (w, h) = fit == ImageFit.Resize || rgba.Width == rgba.Height
            ? (size, size)
            : rgba.Width < rgba.Height ? (size, (int)Math.Round((double)rgba.Height * size / rgba.Width)) : ((int)Math.Round((double)rgba.Width * size / rgba.Height), size);
        using var scaled = w == rgba.Width && h == rgba.Height ? rgba.Copy() : rgba.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        var pixels = scaled.GetPixelSpan();
        var (left, top) = ((w - size) / 2, (h - size) / 2);
        var plane = size * size;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var p = 4 * (((top + y) * w) + left + x);
                var at = (y * size) + x;
                if (channels == 1)
                {
                    // ITU-R BT.601 luma, as PIL's convert("L").
                    target[at] = (byte)Math.Round((0.299 * pixels[p]) + (0.587 * pixels[p + 1]) + (0.114 * pixels[p + 2]));
                }
                else
                {
                    target[at] = pixels[p];
                    target[plane + at] = pixels[p + 1];
                    target[(2 * plane) + at] = pixels[p + 2];
                }
            }
        }
    }

    static BatchLabException Unreadable(string file) => new($"images: {file}: not a readable image (PNG, JPEG, BMP, GIF or WebP), or damaged", BatchLabException.BadInput);
}
