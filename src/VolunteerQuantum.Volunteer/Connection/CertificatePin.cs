using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// A coordinator's certificate fingerprint, <c>sha256:&lt;64 lowercase hex&gt;</c> (the SHA-256 of the
/// certificate's DER bytes). A client holding one trusts exactly that certificate, self-signed or
/// not, and nothing else: a grid can use TLS without a certificate authority. The one place pins
/// are parsed and checked, for the volunteer daemon and for `vq` alike.
/// </summary>
public sealed class CertificatePin
{
    public const string Prefix = "sha256:";
    public const string ExpectedFormat = "sha256:<64 hex digits> (the SHA-256 fingerprint the coordinator prints at start-up)";

    private CertificatePin(string fingerprint) => Fingerprint = fingerprint;

    /// <summary>The pin as it is written: <c>sha256:</c> and 64 lowercase hex digits.</summary>
    public string Fingerprint { get; }

    /// <summary>Reads a pin; upper-case hex is accepted (and lowered), anything else is a <see cref="FormatException"/>.</summary>
    public static CertificatePin Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{text}' is not a certificate pin: expected {ExpectedFormat}");
        }
        var hex = trimmed[Prefix.Length..];
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"'{text}' is not a certificate pin: expected {ExpectedFormat}, got {hex.Length} characters after 'sha256:'");
        }
        return new CertificatePin(Prefix + hex.ToLowerInvariant());
    }

    /// <summary>A pin from configuration or the command line, where empty or absent means none.</summary>
    public static CertificatePin? ParseOptional(string? text) => string.IsNullOrWhiteSpace(text) ? null : Parse(text);

    /// <summary>The fingerprint of a certificate, in the form a pin is written.</summary>
    public static string FingerprintOf(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>
    /// The pin a client should use: an explicit one (--tls-pin, Volunteer:TlsPin) and the one in an
    /// enrollment string must not disagree; either alone is the pin.
    /// </summary>
    public static CertificatePin? Combine(CertificatePin? explicitPin, CertificatePin? fromEnrollment)
    {
        if (explicitPin is not null && fromEnrollment is not null && explicitPin.Fingerprint != fromEnrollment.Fingerprint)
        {
            throw new FormatException($"the certificate pin {explicitPin.Fingerprint} disagrees with the one in the enrollment token ({fromEnrollment.Fingerprint}): give one, or the same twice");
        }
        return explicitPin ?? fromEnrollment;
    }

    /// <summary>A pin only means something over TLS: with a plaintext address it is a mistake, not something to ignore.</summary>
    public static void CheckAddress(Uri address, CertificatePin? pin)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (pin is not null && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException($"a certificate pin needs an https:// coordinator address, not {address}");
        }
    }

    /// <summary>
    /// The HTTP handler of a channel to <paramref name="address"/>: null (the channel's default,
    /// with the system's certificate validation) without a pin; with one, a handler that accepts
    /// exactly the pinned certificate.
    /// </summary>
    public static SocketsHttpHandler? HandlerFor(Uri address, CertificatePin? pin)
    {
        CheckAddress(address, pin);
        if (pin is null)
        {
            return null;
        }
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };   // as GrpcChannel's own default handler
        handler.SslOptions.RemoteCertificateValidationCallback = pin.Validate;
        return handler;
    }

    public override string ToString() => Fingerprint;

    // The chain and the host name do not matter: the pin names the one certificate to trust. A
    // mismatch throws rather than returning false so that the error the caller sees (inside the
    // RpcException's detail) says which certificate was expected and which one came.
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;   // TLS servers always present one: nothing to name
        }
        var presented = FingerprintOf(certificate);
        if (presented == Fingerprint)
        {
            return true;
        }
        throw new AuthenticationException($"the coordinator's certificate is not the pinned one: expected {Fingerprint}, presented {presented}");
    }
}
