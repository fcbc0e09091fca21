namespace BatchLab.Sweeps.Storage;

/// <summary>
/// The store could not be reached or could not write: a server that is down or restarting, a
/// broken network, a full disk, a lock held past the busy timeout. A fault of the environment,
/// not of the trial or of the request, so it never counts as a trial failure. Nothing was
/// written by the call that threw (each call is one transaction), so the same call may be made
/// again once the store is back; <see cref="ResilientStore"/> does that for workers.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null)
    : BatchLabException(message, Unavailable, inner);
