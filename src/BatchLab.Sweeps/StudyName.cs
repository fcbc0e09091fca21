using BatchLab.Text;

namespace BatchLab.Sweeps;

/// <summary>
/// What a study may be called. A name becomes a folder (reports/NAME) and appears in every log
/// line, so it is letters, digits, '.', '_' and '-', starts with a letter or digit (no "..", no
/// hidden folder, no path separator) and is at most <see cref="MaxLength"/> characters.
/// </summary>
public static class StudyName
{
    public const int MaxLength = 100;

    /// <summary>Returns <paramref name="name"/> when it is valid; otherwise one line saying what to change.</summary>
    public static string Check(string name)
    {
        var valid = name.Length is > 0 and <= MaxLength && char.IsAsciiLetterOrDigit(name[0])
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        return valid
            ? name
            : throw new BatchLabException(
                $"study name '{Printable.Escape(name)}' must be 1 to {MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit (it becomes a folder name under reports/)");
    }
}
