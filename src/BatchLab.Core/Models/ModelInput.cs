namespace BatchLab.Models;

/// <summary>What a model is built for: the shape of one input sample and the number of outputs.</summary>
public sealed record ModelInput(long[] SampleShape, int Outputs);
