using System.Security.Cryptography;
using System.Text;

namespace VolunteerQuantum.Coordinator.Auth;

/// <summary>
/// Random secrets and their stored form. Secrets are 256 random bits, so a plain SHA-256 is
/// enough to store them (no password stretching needed: there is nothing to brute-force).
/// </summary>
public static class Secrets
{
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash)
    {
        var actual = Encoding.ASCII.GetBytes(Hash(secret));
        var expected = Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
