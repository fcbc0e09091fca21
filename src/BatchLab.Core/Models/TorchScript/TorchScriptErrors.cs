using System.Text.RegularExpressions;

namespace BatchLab.Models.TorchScript;

/// <summary>
/// TorchScript errors arrive as a multi-line interpreter traceback whose last line says what went
/// wrong (e.g. "RuntimeError: shape '[4, 1, 8, 8]' is invalid for input of size 252").
/// </summary>
public static partial class TorchScriptErrors
{
    public static string LastLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Exception raised from", StringComparison.Ordinal) && !l.StartsWith("frame #", StringComparison.Ordinal))
            .ToList();
        var error = lines.LastOrDefault(l => ErrorLine().IsMatch(l)) ?? lines.LastOrDefault() ?? message;
        return error.Length > 300 ? error[..300] + "…" : error;
    }

    [GeneratedRegex(@"^[\w.]*(Error|Exception):")]
    private static partial Regex ErrorLine();
}
