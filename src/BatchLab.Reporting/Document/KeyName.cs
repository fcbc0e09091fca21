using System.Text;

namespace BatchLab.Reporting.Document;

/// <summary>A display label as a snake_case name for results.json: "cos(g_B, g) at B = N/100" → "cos_g_b_g_at_b_n_100".</summary>
public static class KeyName
{
    public static string Of(string label)
    {
        var name = new StringBuilder();
        foreach (var c in label.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(char.ToLowerInvariant(c));
            }
            else if (Greek(c) is { } spelled)
            {
                name.Append(spelled);
            }
            else if (name.Length > 0 && name[^1] != '_' && !IsMark(c))
            {
                name.Append('_');
            }
        }

        return name.ToString().Trim('_');
    }

    static bool IsMark(char c) => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark;

    static string? Greek(char c) => c switch
    {
        'η' => "eta",
        'ε' => "epsilon",
        'φ' => "phi",
        'μ' => "mu",
        'λ' => "lambda",
        'α' => "alpha",
        _ => null,
    };
}
