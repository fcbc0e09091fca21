namespace BatchLab.Text;

/// <summary>
/// A table of results written as CSV (and shown in reports). Cells are numbers, strings or null;
/// numbers are written with round-trip precision, non-finite values as NaN/Infinity/-Infinity.
/// </summary>
public sealed record DataTable(string Id, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
