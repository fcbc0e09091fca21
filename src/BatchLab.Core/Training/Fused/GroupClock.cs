namespace BatchLab.Training.Fused;

/// <summary>
/// Each fused member's share of the group's wall time: every stretch of time is charged either to
/// the members that shared it (a fused step, split equally) or to one member (its evaluation or
/// checkpoint), so the members' wall seconds add up to the group's. Costs one timestamp per charge.
/// </summary>
internal sealed class GroupClock(TimeProvider time, long start, double[] before)
{
    readonly double[] charged = new double[before.Length];
    long last = start;

    /// <summary>Charges the time since the last charge to <paramref name="members"/>, equally.</summary>
    public void Charge(IReadOnlyList<int> members)
    {
        var now = time.GetTimestamp();
        if (members.Count > 0)
        {
            var share = time.GetElapsedTime(last, now).TotalSeconds / members.Count;
            foreach (var k in members)
            {
                charged[k] += share;
            }
        }

        last = now;
    }

    /// <summary>Member <paramref name="k"/>'s wall seconds so far (earlier sessions included), with its share of the time not yet charged when it is among <paramref name="sharing"/>.</summary>
    public double Wall(int k, IReadOnlyList<int> sharing)
    {
        var pending = sharing.Contains(k) ? time.GetElapsedTime(last).TotalSeconds / sharing.Count : 0;
        return before[k] + charged[k] + pending;
    }
}
