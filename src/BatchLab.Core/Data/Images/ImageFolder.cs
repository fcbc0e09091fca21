namespace BatchLab.Data.Images;

/// <summary>
/// The files of an ImageFolder data set (torchvision's layout): one sub-folder per class holding
/// PNG or JPEG files, class ids in sorted folder-name order. A folder with <c>train/</c> and
/// <c>test/</c> (or <c>val/</c>) sub-folders, each laid out so, gives its own test split.
/// </summary>
public sealed record ImageFolder(string Root, IReadOnlyList<string> Classes, IReadOnlyList<(string File, int Class)> Train, IReadOnlyList<(string File, int Class)>? Test)
{
    static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    public static ImageFolder Find(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new BatchLabException($"images: {root}: no such directory", BatchLabException.BadInput);
        }

        var testFolder = new[] { "test", "val" }.Select(n => Path.Combine(root, n)).FirstOrDefault(Directory.Exists);
        var split = Directory.Exists(Path.Combine(root, "train")) && testFolder is not null;
        var trainRoot = split ? Path.Combine(root, "train") : root;
        var classes = ClassFolders(trainRoot);
        var train = Files(trainRoot, classes, training: true);
        if (!split)
        {
            return new ImageFolder(root, classes, train, null);
        }

        var extra = ClassFolders(testFolder!).Except(classes).ToList();
        return extra.Count > 0
            ? throw new BatchLabException($"images: {testFolder} has classes the training folder lacks: {string.Join(", ", extra)}")
            : new ImageFolder(root, classes, train, Files(testFolder!, classes, training: false));
    }

    static List<string> ClassFolders(string root)
    {
        var classes = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();
        ClassNameRule.Check(classes, $"images: {root}", "rename the folder");
        return classes.Count switch
        {
            0 => throw new BatchLabException($"images: {root} has no class folders; put each class's images in a sub-folder named after it (torchvision's ImageFolder layout)"),
            1 => throw new BatchLabException($"images: {root} has one class folder ({classes[0]}); classification needs at least 2"),
            _ => classes,
        };
    }

    /// <summary>
    /// Every file under <paramref name="folder"/>, following links to folders, each real folder
    /// once: a link back up recursed without end (issue 23).
    /// </summary>
    static IEnumerable<string> FilesUnder(string folder)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var directory))
        {
            if (!seen.Add(RealPath(directory)))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                yield return file;
            }

            foreach (var sub in Directory.EnumerateDirectories(directory))
            {
                pending.Push(sub);
            }
        }
    }

    static string RealPath(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(directory);
        }
        catch (IOException e)
        {
            throw new BatchLabException($"images: {directory} cannot be followed ({e.Message})");
        }
    }

    /// <summary>A FIFO named x.png blocked the read forever; a device reads without end. Both, and empty files, report 0 bytes.</summary>
    static string Regular(string file) => new FileInfo(file).Length > 0
        ? file
        : throw new BatchLabException($"images: {file} is empty or not a regular file");

    /// <summary>
    /// The images of each class folder under <paramref name="root"/>. In the training folder an empty
    /// class folder is refused: it counted as a class the model could never see (issue 23); a test
    /// folder may lack classes.
    /// </summary>
    static List<(string, int)> Files(string root, List<string> classes, bool training)
    {
        var files = new List<(string, int)>();
        for (var c = 0; c < classes.Count; c++)
        {
            var folder = Path.Combine(root, classes[c]);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var images = FilesUnder(folder)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Select(Regular)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (training && images.Count == 0)
            {
                throw new BatchLabException($"images: class folder {folder} holds no image files ({string.Join(", ", Extensions)}); add its images or remove the folder");
            }

            files.AddRange(images.Select(f => (f, c)));
        }

        return files.Count == 0 ? throw new BatchLabException($"images: {root} has no image files ({string.Join(", ", Extensions)}) in its class folders") : files;
    }
}
