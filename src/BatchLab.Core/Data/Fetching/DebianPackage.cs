namespace BatchLab.Data.Fetching;

/// <summary>
/// Fetches a Debian package's files without root and without installing it: <c>apt-get
/// download</c> into a work folder, then <c>dpkg-deb -x</c> (the data archive inside a .deb is
/// usually xz-compressed, which .NET cannot read). Where apt has no package lists (a fresh
/// container), Debian's index is read into a private folder instead (about 14 MB).
/// </summary>
internal static class DebianPackage
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <summary>Unpacks <paramref name="package"/> under <paramref name="work"/> and returns the root of its file tree.</summary>
    public static string Unpack(string package, string work, Action<string> log, Func<string, BatchLabException> fail)
    {
        var download = ExternalTool.Run("apt-get", work, Patience, "download", package)
            ?? throw fail("apt-get is not installed");
        if (!download.Succeeded)
        {
            log($"apt-get download {package}: {download.Reason}; reading Debian's package index into a private folder (about 14 MB, no root needed)");
            var own = PrivateIndex(work);
            var update = ExternalTool.Run("apt-get", work, Patience, [.. own, "update"])!;
            download = update.Succeeded ? ExternalTool.Run("apt-get", work, Patience, [.. own, "download", package])! : update;
        }

        var deb = Directory.GetFiles(work, "*.deb").FirstOrDefault();
        if (!download.Succeeded || deb is null)
        {
            throw fail($"`apt-get download {package}` failed ({download.Reason})");
        }

        var root = Path.Combine(work, "root");
        var unpack = ExternalTool.Run("dpkg-deb", work, Patience, "-x", deb, root) ?? throw fail("dpkg-deb is not installed");
        return unpack.Succeeded ? root : throw fail($"`dpkg-deb -x {Path.GetFileName(deb)}` failed ({unpack.Reason})");
    }

    /// <summary>apt options that keep package lists and caches inside <paramref name="work"/>.</summary>
    static string[] PrivateIndex(string work)
    {
        var lists = Directory.CreateDirectory(Path.Combine(work, "apt", "lists", "partial")).Parent!.FullName;
        var cache = Directory.CreateDirectory(Path.Combine(work, "apt", "cache", "archives", "partial")).Parent!.Parent!.FullName;
        return ["-o", $"Dir::State::Lists={lists}", "-o", $"Dir::Cache={cache}", "-o", "Acquire::Languages=none"];
    }
}
