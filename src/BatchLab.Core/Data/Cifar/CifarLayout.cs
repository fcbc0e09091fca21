namespace BatchLab.Data.Cifar;

/// <summary>
/// One of the two CIFAR binary versions (Krizhevsky 2009, www.cs.toronto.edu/~kriz/cifar.html):
/// records of label byte(s) then 3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue, rows of
/// 32). The authors publish the MD5 of the archive only, not of the files inside it.
/// </summary>
/// <param name="LabelBytes">1 (CIFAR-10), or 2 for CIFAR-100: the coarse label, then the fine one.</param>
public sealed record CifarLayout(
    string Kind,
    string Archive,
    string ArchiveMd5,
    long ArchiveBytes,
    string Folder,
    IReadOnlyList<string> TrainFiles,
    string TestFile,
    int LabelBytes,
    int Classes,
    string NamesFile,
    long OfficialTrain)
{
    public const int Pixels = 3 * 32 * 32;

    public int RecordBytes => LabelBytes + Pixels;

    public IEnumerable<string> DataFiles => [.. TrainFiles, TestFile];

    public static CifarLayout Cifar10 { get; } = new(
        "cifar10", "cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", 170_052_171, "cifar-10-batches-bin",
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"], "test_batch.bin",
        LabelBytes: 1, Classes: 10, "batches.meta.txt", OfficialTrain: 50_000);

    /// <summary>CIFAR-100 with its fine labels (100 classes); <see cref="Coarse"/> gives the 20 superclasses.</summary>
    public static CifarLayout Cifar100 { get; } = new(
        "cifar100", "cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", 168_513_733, "cifar-100-binary",
        ["train.bin"], "test.bin", LabelBytes: 2, Classes: 100, "fine_label_names.txt", OfficialTrain: 50_000);

    public CifarLayout Coarse => this with { Classes = 20, NamesFile = "coarse_label_names.txt" };

    /// <summary>Which label byte of a record is the class: the last one (CIFAR-100's fine label) unless coarse.</summary>
    public int LabelOffset => Classes == 20 ? 0 : LabelBytes - 1;
}
