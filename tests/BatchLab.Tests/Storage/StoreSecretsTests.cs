using BatchLab.Storage.Sql;

namespace BatchLab.Tests.Storage;

/// <summary>
/// Passwords are masked in every form a store string takes, including the malformed ones users
/// type (issue 12, case 2), with a password holding every character that breaks a URL.
/// </summary>
public class StoreSecretsTests
{
    const string Password = "SECRET@:/#%;x";
    const string Escaped = "SECRET%40%3A%2F%23%25%3Bx";

    public static TheoryData<string> Stores =>
    [
        $"postgres://batchlab:{Escaped}@db.example.org:5432/sweeps",
        $"postgres://batchlab:{Password}@db.example.org:5432/sweeps",
        $"postgresql://batchlab:{Escaped}@db.example.org:99999/sweeps",
        $"postgress://batchlab:{Password}@db.example.org/sweeps",
        $"postgres://batchlab:{Escaped}@db.example.org/sweeps?sslmode=bogus",
        $"postgres://batchlab@db.example.org/sweeps?password={Escaped}",
        $"batchlab:{Password}@db.example.org:5432/sweeps",
        $"Host=db.example.org;Username=batchlab;Password=\"{Password}\";Database=sweeps",
        $"Host=db.example.org;Username=batchlab;PWD='{Password}';Database=sweeps",
        $"Server=db.example.org;User Id=batchlab;Password={Password.Replace(";", "", StringComparison.Ordinal)};Database=sweeps",
    ];

    [Theory]
    [MemberData(nameof(Stores))]
    public void Showing_a_store_string_masks_its_password(string store)
    {
        var shown = StoreSecrets.Show(store);

        Assert.DoesNotContain("SECRET", shown);
        Assert.Contains("db.example.org", shown);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Text_that_echoes_the_store_or_its_password_alone_is_scrubbed(string store)
    {
        var secrets = StoreSecrets.Of(store);
        var password = store.Contains(Escaped, StringComparison.Ordinal) ? Escaped : store.Contains(Password, StringComparison.Ordinal) ? Password : "SECRET@:/#%x";
        var message = $"could not open '{store}': authentication failed with {password} ({Uri.EscapeDataString(password)}, {Uri.UnescapeDataString(password)})";

        Assert.DoesNotContain("SECRET", StoreSecrets.Scrub(message, secrets));
    }

    [Fact]
    public void Syntax_in_help_text_and_stores_without_passwords_are_left_alone()
    {
        const string help = "postgres://user:password@host:port/database, or Host=...;Username=...;Password=...;Database=...";

        Assert.Equal(help, StoreSecrets.Redact(help));
        Assert.Equal("sqlite:/tmp/a@b:c.db", StoreSecrets.Show("sqlite:/tmp/a@b:c.db"));
        Assert.Equal("postgres://batchlab@db:5432/sweeps", StoreSecrets.Show("postgres://batchlab@db:5432/sweeps"));
        Assert.Empty(StoreSecrets.Of("sqlite:./batchlab.db"));
    }
}
