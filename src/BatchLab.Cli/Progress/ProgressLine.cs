using System.Text.Json;

namespace BatchLab.Cli.Progress;

/// <summary>
/// How a worker process tells the sweep that started it how far its trial is: one stderr line
/// <c>@progress {"trial":7,"label":"batch=32 …","update":120,"total":810,"epoch":0.41}</c> at most
/// twice a second. The sweep draws it as that worker's row and never prints it.
/// </summary>
public sealed record ProgressLine(long Trial, string Label, long Update, long? Total, double Epoch)
{
    const string Prefix = "@progress ";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override string ToString() => Prefix + JsonSerializer.Serialize(this, Json);

    /// <summary>The progress a worker's line carries, or null for an ordinary log line.</summary>
    public static ProgressLine? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ProgressLine>(line.AsSpan(Prefix.Length), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsProgress(string line) => line.StartsWith(Prefix, StringComparison.Ordinal);
}
