namespace BatchLab.Saddle;

/// <summary>How an escape run computes its steps.</summary>
public enum EscapeMethod
{
    /// <summary>Projected gradient descent on the exact population gradient (batch = the population).</summary>
    Gd,

    /// <summary>Projected SGD: each step averages the unbiased per-sample gradient over B fresh samples.</summary>
    Sgd,

    /// <summary>
    /// Jin et al. (2017)'s perturbed gradient descent: exact gradient, plus a point uniform in a ball
    /// whenever the gradient is small and no perturbation happened recently.
    /// </summary>
    PerturbedGd,
}
