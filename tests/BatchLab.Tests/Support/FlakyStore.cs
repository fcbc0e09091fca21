using System.Reflection;
using System.Runtime.ExceptionServices;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Tests.Support;

/// <summary>
/// A real store behind a switch: while <see cref="Fails"/> says so for a call, the call throws
/// <see cref="StoreUnavailableException"/> and does nothing, as a stopped server or a full disk
/// makes it. Every other call goes through unchanged.
/// </summary>
public class FlakyStore : DispatchProxy
{
    IExperimentStore inner = null!;

    /// <summary>Whether a call (by method name) fails now; default: none fails.</summary>
    public Func<string, bool> Fails { get; set; } = _ => false;

    /// <summary>Calls that failed so far, by method name.</summary>
    public List<string> Failed { get; } = [];

    public bool Down
    {
        set => Fails = value ? name => name is not ("get_Location" or "Dispose") : _ => false;
    }

    public static (IExperimentStore Store, FlakyStore Switch) Wrap(IExperimentStore inner)
    {
        var store = Create<IExperimentStore, FlakyStore>();
        var flaky = (FlakyStore)(object)store;
        flaky.inner = inner;
        return (store, flaky);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = targetMethod!;
        if (Fails(method.Name))
        {
            lock (Failed)
            {
                Failed.Add(method.Name);
            }

            throw new StoreUnavailableException($"test outage: {method.Name} refused");
        }

        try
        {
            return method.Invoke(inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } cause)
        {
            ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }
}
