using BatchLab.Data.Cifar;
using BatchLab.Data.Sources;
using BatchLab.Data.Synthetic;

namespace BatchLab.Data;

/// <summary>
/// Data sets by name: <c>mnist</c>, <c>fashion-mnist</c>, <c>synthetic-regression[:k=v,...]</c>,
/// <c>synthetic-teacher[:k=v,...]</c>, <c>dir:PATH</c> for any folder of IDX files, the Brown corpus
/// <c>brown</c>, and a user's own data: <c>text:FILE</c>, <c>images:DIR</c>, <c>cifar10:DIR</c>, <c>cifar100:DIR</c>, <c>csv:FILE</c>, <c>safetensors:FILE</c>.
/// </summary>
public static class DataCatalog
{
    /// <summary>One source of each kind, synthetic ones with default parameters (for listings).</summary>
    public static IReadOnlyList<IDataSource> Listed { get; } =
    [
        new MnistSource(),
        new FashionMnistSource(),
        new BrownSource(),
        new SyntheticRegressionSource(new RegressionSpec()),
        new SyntheticTeacherSource(new TeacherSpec()),
    ];

    public static string ValidForms =>
        $"mnist, fashion-mnist, brown, text:FILE, {RegressionSpec.Kind}[:n=4096,test=1024,d=16,noise=0.5,seed=0], {TeacherSpec.Kind}[:n=8192,test=2048,d=32,classes=10,hidden=64,seed=0], dir:PATH, "
        + "images:DIR[,size=S,fit=crop|resize,channels=1|3], cifar10[:DIR], cifar100[:DIR][,labels=fine|coarse], "
        + "csv:FILE[,label=COLUMN,task=classification|regression,test=FILE], safetensors:FILE[,task=classification|regression]";

    /// <summary>
    /// Makes <paramref name="name"/> a data set name in this process: <paramref name="load"/> builds
    /// the splits (it receives the split options a run asks for). A library user's own tensors can
    /// then be trained on, swept and studied like MNIST (in-process workers only).
    /// </summary>
    public static void Register(string name, string summary, Func<DataOptions, Dataset> load)
    {
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new BatchLabException($"data set name '{name}' must be lower-case letters, digits and '-'", BatchLabException.BadInput);
        }

        lock (Registered)
        {
            if (!Registered.TryAdd(name, new RegisteredSource(name, summary, load)))
            {
                throw new BatchLabException($"data set name '{name}' is already taken", BatchLabException.BadInput);
            }
        }
    }

    static readonly Dictionary<string, IDataSource> Registered = [];

    public static IDataSource Resolve(string name)
    {
        lock (Registered)
        {
            if (Registered.TryGetValue(name, out var registered))
            {
                return registered;
            }
        }

        var (kind, parameters) = name.IndexOf(':') is var colon and >= 0 ? (name[..colon], name[(colon + 1)..]) : (name, null);
        return kind.Trim().ToLowerInvariant() switch
        {
            "mnist" when parameters is null => new MnistSource(),
            "fashion-mnist" when parameters is null => new FashionMnistSource(),
            "brown" when parameters is null => new BrownSource(),
            TextFileSource.Kind => new TextFileSource(parameters ?? ""),
            RegressionSpec.Kind => new SyntheticRegressionSource(RegressionSpec.Parse(parameters)),
            TeacherSpec.Kind => new SyntheticTeacherSource(TeacherSpec.Parse(parameters)),
            "dir" when !string.IsNullOrWhiteSpace(parameters) => new FolderSource(parameters),
            CsvSource.Kind => new CsvSource(parameters ?? ""),
            SafetensorsSource.Kind => new SafetensorsSource(parameters ?? ""),
            ImageFolderSource.Kind => new ImageFolderSource(parameters ?? ""),
            // Without a folder: the files placed by hand in the data cache (CACHE/cifar10, CACHE/cifar100).
            "cifar10" => new CifarSource(CifarLayout.Cifar10, parameters ?? Path.Combine(DataContext.DefaultCacheRoot(), "cifar10")),
            "cifar100" => new CifarSource(CifarLayout.Cifar100, parameters ?? Path.Combine(DataContext.DefaultCacheRoot(), "cifar100")),
            _ => throw new BatchLabException($"unknown data set '{name}'; valid: {ValidForms}"),
        };
    }

    /// <summary>Resolves <paramref name="name"/> and loads it: the one call most users need.</summary>
    public static Dataset Load(string name, DataOptions? options = null, DataContext? context = null) =>
        Resolve(name).Load(options ?? DataOptions.Default, context ?? DataContext.Default());
}
