using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BatchLab.Cli;

/// <summary>
/// The one line a parse error becomes: System.CommandLine's own messages, except where they name
/// .NET types (System.Nullable`1[System.Int64]) or the wrong problem ("Required command was not
/// provided" for a mistyped command).
/// </summary>
static partial class ParseErrors
{
    public static string Describe(ParseResult parsed)
    {
        var unknown = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal));
        if (unknown is not null && parsed.CommandResult.Command.Subcommands.Count > 0 && parsed.UnmatchedTokens.Count > 0)
        {
            var names = parsed.CommandResult.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            return $"unknown command '{parsed.UnmatchedTokens[0]}'; commands: {string.Join(", ", names)}";
        }

        var error = unknown ?? parsed.Errors[0];
        return Conversion().Match(error.Message) is { Success: true } m
            ? $"{m.Groups["option"].Value} '{m.Groups["value"].Value}' is not {Expected(m.Groups["type"].Value)}"
            : error.Message;
    }

    static string Expected(string type) => type switch
    {
        _ when type.Contains("Int64", StringComparison.Ordinal) => string.Create(CultureInfo.InvariantCulture, $"a whole number from {long.MinValue:N0} to {long.MaxValue:N0}"),
        _ when type.Contains("Int32", StringComparison.Ordinal) => string.Create(CultureInfo.InvariantCulture, $"a whole number from {int.MinValue:N0} to {int.MaxValue:N0}"),
        _ when type.Contains("Double", StringComparison.Ordinal) => "a number such as 0.1 or 1e-3",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a valid value",
    };

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex Conversion();
}
