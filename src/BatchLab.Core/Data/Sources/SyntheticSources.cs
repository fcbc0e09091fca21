using BatchLab.Data.Synthetic;

namespace BatchLab.Data.Sources;

/// <summary><c>synthetic-regression[:key=value,...]</c>: see <see cref="RegressionSpec"/> for keys and defaults.</summary>
public sealed class SyntheticRegressionSource(RegressionSpec spec) : IDataSource
{
    public RegressionSpec Spec { get; } = spec;

    public string Name => Spec.Name;

    public string Summary => "y = w*·x + noise with x ~ N(0, I_d) and known w*, σ (keys n, test, d, noise, seed)";

    public Dataset Load(DataOptions options, DataContext context) => SyntheticRegression.Generate(Spec, options).Dataset;
}

/// <summary><c>synthetic-teacher[:key=value,...]</c>: see <see cref="TeacherSpec"/> for keys and defaults.</summary>
public sealed class SyntheticTeacherSource(TeacherSpec spec) : IDataSource
{
    public TeacherSpec Spec { get; } = spec;

    public string Name => Spec.Name;

    public string Summary => "x ~ N(0, I_d) labelled by a random tanh teacher network (keys n, test, d, classes, hidden, seed)";

    public Dataset Load(DataOptions options, DataContext context) => SyntheticTeacher.Generate(Spec, options).Dataset;
}
