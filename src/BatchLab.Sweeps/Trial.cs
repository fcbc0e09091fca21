namespace BatchLab.Sweeps;

/// <summary>
/// One training run of a study, as stored. <see cref="Number"/> counts from 0 within the study in
/// the order trials were added. <see cref="Attempt"/> is how many times it has been claimed, and
/// <see cref="Failures"/> how many of those attempts failed (reported failure or expired lease),
/// which the retry limit counts. The current attempt's worker is <see cref="Owner"/>, and it holds the trial until
/// <see cref="LeaseExpiresAt"/> unless it heartbeats. <see cref="StartedAt"/> is the first claim;
/// each attempt's own times are in <see cref="TrialAttempt"/>. <see cref="FinalValues"/> is the JSON
/// a completing worker stored (null until then); <see cref="Error"/> the last failure's text.
/// </summary>
public sealed record Trial(
    long Id,
    string Study,
    int Number,
    string Key,
    string Parameters,
    TrialState State,
    int Attempt,
    int Failures,
    string? Owner,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? FinalValues,
    string? Error)
{
    /// <summary>What every write for the current attempt carries.</summary>
    public TrialLease Lease => new(Id, Attempt);
}

/// <summary>
/// The right to write results for one attempt of one trial: a store accepts a write only while
/// <see cref="Attempt"/> is the trial's current attempt and the trial is RUNNING.
/// </summary>
public readonly record struct TrialLease(long TrialId, int Attempt)
{
    public override string ToString() => $"trial {TrialId} attempt {Attempt}";
}
