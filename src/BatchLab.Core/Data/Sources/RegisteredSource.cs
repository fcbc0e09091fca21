namespace BatchLab.Data.Sources;

/// <summary>A data set a library user registered in this process (<see cref="DataCatalog.Register"/>).</summary>
sealed class RegisteredSource(string name, string summary, Func<DataOptions, Dataset> load) : IDataSource
{
    public string Name => name;

    public string Summary => summary;

    public Dataset Load(DataOptions options, DataContext context) => load(options);
}
