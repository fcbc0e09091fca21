namespace BatchLab.Training;

/// <summary>
/// The sampler's whole state: which epoch and how many samples of it were consumed. Together with
/// the seed it determines every future batch, so a checkpoint stores just these two numbers.
/// </summary>
public readonly record struct SamplerPosition(long Epoch, long Offset);
