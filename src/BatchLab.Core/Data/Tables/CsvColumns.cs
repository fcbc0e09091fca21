using System.Globalization;
using static TorchSharp.torch;

namespace BatchLab.Data.Tables;

/// <summary>
/// A CSV table as numeric features and one target column: features must be finite numbers; the
/// target is a class (whole numbers are class ids; words are class names, numbered in sorted
/// order) or, for regression, a real value.
/// </summary>
public static class CsvColumns
{
    /// <summary>Target column names tried, in order, when none is named (case-insensitive); else the last column.</summary>
    public static readonly string[] TargetNames = ["label", "target", "y", "class"];

    public static int TargetColumn(CsvTable table, string? named)
    {
        if (named is not null)
        {
            var index = table.Header.ToList().IndexOf(named);
            return index >= 0 ? index : throw new BatchLabException($"{table.File}: no column '{named}'; columns: {string.Join(", ", table.Header)}");
        }

        return TargetNames.Select(n => table.Header.ToList().FindIndex(h => h.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(i => i >= 0, table.Header.Count - 1);
    }

    /// <summary>The features as float64 [rows, columns − 1], in file order.</summary>
    public static Tensor Features(CsvTable table, int target)
    {
        if (table.Header.Count < 2)
        {
            throw new BatchLabException($"{table.File}: one column only; a data set needs feature columns and a target column");
        }

        var width = table.Header.Count - 1;
        var values = new double[table.Rows.Count * width];
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var (line, fields) = table.Rows[r];
            for (int c = 0, k = 0; c < fields.Length; c++)
            {
                if (c == target)
                {
                    continue;
                }

                values[(r * width) + k++] = Number(fields[c], table, line, table.Header[c]);
            }
        }

        return tensor(values, [table.Rows.Count, width]);
    }

    /// <summary>The target column's text of every row.</summary>
    public static string[] Target(CsvTable table, int target) => [.. table.Rows.Select(r => r.Fields[target].Trim())];

    /// <summary>Whether every target is a whole number (class ids) or a word (class names): then the task is classification.</summary>
    public static TaskKind Infer(IEnumerable<string> targets) =>
        targets.All(t => ClassId(t, out _) || !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? TaskKind.Classification
            : TaskKind.Regression;

    /// <summary>
    /// A class id written as a whole number: "3", or "3.0" as pandas writes an integer column that
    /// once held a missing value (issue 23: such labels, or one "1.0" among integers, made the task
    /// regression). Whole values up to 2^53 only, where a double holds every integer.
    /// </summary>
    public static bool ClassId(string text, out long id)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out id))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && Math.Abs(value) <= 9_007_199_254_740_992 && value == Math.Round(value))
        {
            id = (long)value;
            return true;
        }

        return false;
    }

    static double Number(string text, CsvTable table, int line, string column)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new BatchLabException($"{table.File}:{line}: column '{column}' is empty; fill or drop missing values first (features must be numbers)");
        }

        var shown = trimmed.Length > 40 ? trimmed[..40] + "…" : trimmed;
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new BatchLabException($"{table.File}:{line}: column '{column}' holds '{shown}', not a finite number (features must be numeric; encode categories first)");
        }

        return InFloat32(v) ? v : throw new BatchLabException(OutOfRange(table.File, line, column, shown));
    }

    /// <summary>
    /// Whether <paramref name="value"/> survives the cast to float32 that training makes: 1e308 is a
    /// finite double but infinite in float32, and the run was then reported DIVERGED at update 0
    /// instead of the data being blamed (issue 23).
    /// </summary>
    internal static bool InFloat32(double value) => Math.Abs(value) <= float.MaxValue;

    internal static string OutOfRange(string file, int line, string column, string shown) =>
        $"{file}:{line}: column '{column}' holds {shown}, beyond float32's range (±3.4e38) that training uses; rescale the column";
}
