namespace BatchLab.Saddle;

/// <summary>
/// What was verified for one seed's problem before any run. At the start point: f, the float64
/// norm of the Riemannian gradient (zero in exact arithmetic), and the Riemannian Hessian's
/// spectrum summarised by its most negative eigenvalue (closed form
/// <see cref="OrthogonalTensor.SaddleCurvature"/>), the number of negative eigenvalues and the
/// smallest positive one. SGD's noise there: the RMS norm of single-sample Riemannian gradients and
/// their largest |component| along the escape direction (zero for Rademacher samples: either
/// x·u₁ = 0 or x·(a₂−a₁) = 0, and likewise for u₂). At the global minimum U = A: f (0) and the RMS
/// norm of single-sample gradients there (exactly √(4d(d−1)³): the estimator does not vanish).
/// </summary>
public sealed record SeedCheck(
    int Seed,
    double SaddleObjective,
    double RiemannianGradientNorm,
    double MinHessianEigenvalue,
    int NegativeEigenvalues,
    double MinPositiveEigenvalue,
    double SaddleSampleGradientNorm,
    double SaddleSampleGradientAlongEscape,
    double MinimumObjective,
    double MinimumSampleGradientNorm);
