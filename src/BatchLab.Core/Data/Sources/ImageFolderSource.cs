using System.Globalization;
using BatchLab.Data.Images;
using BatchLab.Data.Tensors;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Data.Sources;

/// <summary>
/// <c>images:DIR[,size=S][,fit=crop|resize][,channels=1|3]</c>: torchvision's ImageFolder layout
/// (one sub-folder per class of PNG/JPEG files; with <c>train/</c> and <c>test/</c> or <c>val/</c>
/// sub-folders, their own test split; else 20% of the images, fixed permutation). Images are
/// decoded with SkiaSharp, brought to S×S (default: their own size when all share one square
/// size), scaled to [0, 1] and standardised per channel with the training split's statistics.
/// Everything is held in memory, so the load is refused up front, with the figures, when the
/// tensors would not fit in the memory available.
/// </summary>
public sealed class ImageFolderSource(string parameters) : IDataSource
{
    public const string Kind = "images";

    /// <summary>Bytes held per pixel value while loading: the decoded byte, its float32 copy and the standardised float32.</summary>
    const long BytesPerValue = 9;

    readonly PathSpec spec = PathSpec.Parse(Kind, parameters, ["size", "fit", "channels"], "image folder");

    public string Name => $"{Kind}:{parameters}";

    public string Summary => $"an ImageFolder of class sub-folders in {spec.Path}";

    public Dataset Load(DataOptions options, DataContext context)
    {
        var folder = ImageFolder.Find(spec.Path);
        var all = folder.Train.Concat(folder.Test ?? []).ToList();
        var size = spec.Text("size") is null ? CommonSide(all) : spec.Int("size", 32);
        var channels = spec.Int("channels", 3);
        if (channels is not (1 or 3))
        {
            throw new BatchLabException($"images: channels={channels}; use 1 (grayscale) or 3 (RGB)");
        }

        RequireMemory(all.Count, channels, size);
        context.Log($"images: decoding {all.Count:N0} images of {folder.Classes.Count} classes to {channels}×{size}×{size}");
        var fit = spec.Choice("fit", ImageFit.Crop);
        var (trainX, trainY) = Decode(folder.Train, size, channels, fit);
        var test = folder.Test is null ? default : Decode(folder.Test, size, channels, fit);
        using var raw = new RawSplits(
            Name, TaskKind.Classification, trainX, trainY, test.Item1, test.Item2,
            new DataOrigin($"ImageFolder ({folder.Classes.Count} classes{(folder.Test is null ? "" : ", own test folder")})", Path.GetFullPath(spec.Path), [], 0, 0),
            folder.Classes.Count,
            ClassNames: folder.Classes);
        return TensorDatasetBuilder.Build(raw, options);
    }

    static (Tensor, Tensor) Decode(IReadOnlyList<(string File, int Class)> files, int size, int channels, ImageFit fit)
    {
        var sample = channels * size * size;
        var pixels = new byte[(long)files.Count * sample];
        try
        {
            Parallel.For(0, files.Count, i => ImageDecoding.Decode(files[i].File, size, channels, fit, pixels.AsSpan(i * sample, sample)));
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<BatchLabException>().FirstOrDefault() is { } first)
        {
            throw first;
        }

        using var bytes = tensor(pixels, [files.Count, channels, size, size]);
        return (bytes.to_type(ScalarType.Float32).Div_(255), tensor(files.Select(f => (long)f.Class).ToArray()));
    }

    static int CommonSide(List<(string File, int Class)> files)
    {
        var sizes = files.Select(f => ImageDecoding.Size(f.File)).Distinct().ToList();
        return sizes is [var (w, h)] && w == h
            ? w
            : throw new BatchLabException($"images: the images have {(sizes.Count == 1 ? $"the non-square size {sizes[0].Width}×{sizes[0].Height}" : $"{sizes.Count} different sizes (e.g. {string.Join(", ", sizes.Take(3).Select(s => $"{s.Width}×{s.Height}"))})")}; choose one with size=S, e.g. images:DIR,size=32");
    }

    static void RequireMemory(int count, int channels, int size)
    {
        var needed = (long)count * channels * size * size * BytesPerValue;
        var available = AvailableBytes();
        if (needed > available * 0.8)
        {
            throw new BatchLabException(string.Create(CultureInfo.InvariantCulture,
                $"images: {count:N0} images of {channels}×{size}×{size} need about {needed / 1e9:F1} GB in memory while loading, but {available / 1e9:F1} GB is available; choose a smaller size=S or fewer images"),
                BatchLabException.Unavailable);
        }
    }

    // MemAvailable of /proc/meminfo (what can be allocated without swapping); elsewhere the GC's limit.
    static long AvailableBytes()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal)) : null;
        return line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture, out var kb)
            ? kb * 1024
            : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
