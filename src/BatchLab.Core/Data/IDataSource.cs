namespace BatchLab.Data;

/// <summary>A named data set that can be loaded into memory (see <see cref="DataCatalog"/>).</summary>
public interface IDataSource
{
    /// <summary>The name users type, e.g. "mnist" or "synthetic-regression:n=4096,d=16".</summary>
    string Name { get; }

    /// <summary>One line for `batchlab data list`: what the data is and where it comes from.</summary>
    string Summary { get; }

    /// <summary>Loads the whole data set as tensors, fetching it first if it is not on this machine.</summary>
    Dataset Load(DataOptions options, DataContext context);
}
