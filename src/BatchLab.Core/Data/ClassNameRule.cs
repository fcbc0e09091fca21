namespace BatchLab.Data;

/// <summary>
/// Class names come from folder names, CSV labels and CIFAR's meta files, and every one of them is
/// printed: a name holding an ANSI escape or a newline reached the terminal raw (issue 23), so such
/// names are refused at load time with the name shown escaped.
/// </summary>
internal static class ClassNameRule
{
    /// <summary>Throws naming <paramref name="where"/> when any name holds a control character; returns the names.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> names, string where, string fix)
    {
        foreach (var name in names)
        {
            if (name.Any(char.IsControl))
            {
                throw new BatchLabException($"{where}: class name \"{Escaped(name)}\" holds control characters (escapes, newlines, tabs); {fix}", BatchLabException.BadInput);
            }
        }

        return names;
    }

    /// <summary>The name with each control character as \n, \t or \uXXXX, so it prints on one line.</summary>
    public static string Escaped(string name) => string.Concat(name.Select(c => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    }));
}
