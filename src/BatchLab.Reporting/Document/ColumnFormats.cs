using BatchLab.Text;

namespace BatchLab.Reporting.Document;

/// <summary>
/// How a table column reads when the table names no format, from the column's name, so every
/// table follows the README's conventions without each one repeating them: errors and fractions
/// in percent, per-sample learning rates η̃ as 2^k (as in the grid and the figures).
/// </summary>
public static class ColumnFormats
{
    public static NumberFormat? For(string column) => column switch
    {
        _ when column.Contains("base_lr", StringComparison.Ordinal) => NumberFormat.PowerOfTwo,
        _ when column.EndsWith("error", StringComparison.Ordinal) && !column.EndsWith("_std_error", StringComparison.Ordinal) => NumberFormat.Percent(2),
        _ when column.StartsWith("fraction", StringComparison.Ordinal) => NumberFormat.Percent(1),
        _ => null,
    };
}
