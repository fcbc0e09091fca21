using System.CommandLine;

namespace BatchLab.Cli;

/// <summary>
/// An option's former spelling, still accepted but not shown in help (one name per meaning:
/// a list of batch sizes is --batch everywhere), so scripts written for the old name keep working.
/// </summary>
public static class OldName
{
    public static Option<T> For<T>(string old, Option<T> current) =>
        new(old) { Hidden = true, Description = $"Old name of {current.Name}" };

    /// <summary>The value given under either name; both at once is an error.</summary>
    public static T? Value<T>(ParseResult parse, Option<T> current, Option<T> old)
    {
        var usedOld = parse.GetResult(old) is { Implicit: false };
        if (usedOld && parse.GetResult(current) is { Implicit: false })
        {
            throw new BatchLabException($"{old.Name} is the old name of {current.Name}: give only {current.Name}");
        }

        return usedOld ? parse.GetValue(old) : parse.GetValue(current);
    }
}
