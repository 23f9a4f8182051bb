namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// The one string a volunteer needs to join a TLS grid: <c>&lt;token&gt;#sha256:&lt;64 hex&gt;</c>, the
/// enrollment token and the pin of the coordinator's certificate. Only the token goes to the
/// coordinator; the pin stays with the volunteer, which checks the certificate with it.
/// </summary>
public static class EnrollmentString
{
    public const char Separator = '#';

    /// <summary>
    /// Splits at the last '#': the token (trimmed), and the pin if there was one. A '#' followed
    /// by anything but a pin is a <see cref="FormatException"/>, not part of the token: a token never
    /// holds a '#' and a mistyped pin must not pass silently.
    /// </summary>
    public static (string Token, CertificatePin? Pin) Parse(string enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        var text = enrollment.Trim();
        var at = text.LastIndexOf(Separator);
        if (at < 0)
        {
            return (text, null);
        }
        var token = text[..at].Trim();
        if (token.Length == 0)
        {
            throw new FormatException($"the enrollment token '{enrollment}' has a pin but no token before the '#'");
        }
        return (token, CertificatePin.Parse(text[(at + 1)..]));
    }

    public static string Format(string token, CertificatePin? pin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return pin is null ? token.Trim() : $"{token.Trim()}{Separator}{pin.Fingerprint}";
    }
}
