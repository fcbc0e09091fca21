using BatchLab.Data.Cifar;
using BatchLab.Data.Tensors;

namespace BatchLab.Data.Sources;

/// <summary>
/// <c>cifar10:DIR</c> and <c>cifar100:DIR[,labels=fine|coarse]</c>: the official binary version,
/// placed by hand (it is on no package feed): the archive (MD5 checked against the published value)
/// or the files extracted from it. Images become [N, 3, 32, 32], scaled to [0, 1] and standardised
/// per channel with the training split's statistics; the official test set is the test split.
/// </summary>
public sealed class CifarSource(CifarLayout layout, string parameters) : IDataSource
{
    enum Labels
    {
        Fine,
        Coarse,
    }

    readonly PathSpec spec = PathSpec.Parse(layout.Kind, parameters, layout.LabelBytes == 2 ? ["labels"] : [], "folder");

    public string Name => $"{layout.Kind}:{parameters}";

    public string Summary => $"{(layout.Classes == 10 ? "CIFAR-10" : "CIFAR-100")} binary files in {spec.Path}";

    public Dataset Load(DataOptions options, DataContext context)
    {
        var chosen = spec.Choice("labels", Labels.Fine) == Labels.Coarse ? layout.Coarse : layout;
        var files = CifarReader.Read(chosen, spec.Path);
        var (trainX, trainY) = CifarReader.Tensors(chosen, files.Train);
        var (testX, testY) = CifarReader.Tensors(chosen, [files.Test]);
        using var raw = new RawSplits(
            Name, TaskKind.Classification, trainX, trainY, testX, testY,
            new DataOrigin(files.Source, files.Location, files.Checks, 0, 0),
            chosen.Classes,
            ClassNames: files.ClassNames);
        return TensorDatasetBuilder.Build(raw, options);
    }
}
