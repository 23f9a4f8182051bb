using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// The coordinator's TLS certificate: the operator's PEM files (Coordinator:TlsCertificateFile and
/// TlsKeyFile), or a self-signed one (Coordinator:TlsSelfSigned) generated once into the data
/// directory and reused, so its fingerprint, the pin volunteers hold, stays the same across restarts.
/// </summary>
public static class CoordinatorCertificate
{
    public const string SelfSignedCertificateFile = "tls-cert.pem";
    public const string SelfSignedKeyFile = "tls-key.pem";

    /// <summary>The certificate to serve, or null for plaintext; every problem is a <see cref="CoordinatorConfigurationException"/>.</summary>
    public static X509Certificate2? Load(CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasCertificate = !string.IsNullOrWhiteSpace(options.TlsCertificateFile);
        var hasKey = !string.IsNullOrWhiteSpace(options.TlsKeyFile);
        if (hasCertificate != hasKey)
        {
            throw new CoordinatorConfigurationException("TLS needs both a certificate and its key: give --tls-cert FILE and --tls-key FILE (Coordinator:TlsCertificateFile and Coordinator:TlsKeyFile)");
        }
        if (hasCertificate && options.TlsSelfSigned)
        {
            throw new CoordinatorConfigurationException("give either a certificate (--tls-cert/--tls-key) or --tls self-signed, not both");
        }
        if (hasCertificate)
        {
            return LoadPem(Path.GetFullPath(options.TlsCertificateFile), Path.GetFullPath(options.TlsKeyFile));
        }
        if (!options.TlsSelfSigned)
        {
            return null;
        }
        var certificateFile = Path.Combine(options.DataDirectory, SelfSignedCertificateFile);
        var keyFile = Path.Combine(options.DataDirectory, SelfSignedKeyFile);
        if (!File.Exists(certificateFile) || !File.Exists(keyFile))
        {
            Generate(certificateFile, keyFile, options.TlsNames);
        }
        return LoadPem(certificateFile, keyFile);
    }

    /// <summary>The SHA-256 of the certificate's DER bytes, written as volunteers pin it: sha256:&lt;64 lowercase hex&gt;.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>Loads a PEM certificate and its PEM private key, telling apart every way the pair can be unusable.</summary>
    public static X509Certificate2 LoadPem(string certificateFile, string keyFile)
    {
        var certificatePem = ReadPem(certificateFile, "certificate");
        var keyPem = ReadPem(keyFile, "key");
        if (!HasPem(certificatePem, label => label == "CERTIFICATE"))
        {
            throw new CoordinatorConfigurationException($"the TLS certificate file {certificateFile} holds no PEM certificate (a '-----BEGIN CERTIFICATE-----' block)");
        }
        if (!HasPem(keyPem, label => label.EndsWith("PRIVATE KEY", StringComparison.Ordinal)))
        {
            throw new CoordinatorConfigurationException($"the TLS key file {keyFile} holds no PEM private key (a '-----BEGIN PRIVATE KEY-----' block, or EC/RSA PRIVATE KEY)");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CoordinatorConfigurationException($"the TLS key file {keyFile} does not go with the certificate in {certificateFile}, or one of them is damaged: {e.Message}", e);
        }
        if (!certificate.HasPrivateKey)
        {
            throw new CoordinatorConfigurationException($"the TLS key file {keyFile} gave no private key for the certificate in {certificateFile}");
        }
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot serve a certificate whose key lives only in memory (as CreateFromPem
            // leaves it): a round trip through PKCS#12 gives it a key container.
            using (certificate)
            {
                return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            }
        }
        return certificate;
    }

    private static string ReadPem(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CoordinatorConfigurationException($"the TLS {what} file {path} does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CoordinatorConfigurationException($"the TLS {what} file {path} cannot be read: {e.Message}", e);
        }
    }

    private static bool HasPem(string text, Func<string, bool> label)
    {
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (label(rest[fields.Label].ToString()))
            {
                return true;
            }
            rest = rest[fields.Location.End..];
        }
        return false;
    }

    // ECDSA P-256: small, fast handshakes, and accepted by every TLS stack .NET runs on. The names
    // cover this machine as a client would address it; with a pin, clients check the fingerprint
    // instead, so a long validity costs nothing and spares volunteers a new pin every year.
    private static void Generate(string certificateFile, string keyFile, IEnumerable<string> extraNames)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(certificateFile)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hostName = Dns.GetHostName();
        var request = new CertificateRequest($"CN={hostName}, O=VolunteerQuantum coordinator", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1" };
        foreach (var name in extraNames.Prepend(hostName).Select(n => n.Trim()).Where(n => n.Length > 0 && seen.Add(n)))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(name);
            }
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        // The key first: a certificate file without its key would be taken for a finished pair.
        CredentialSeeder.WriteOwnerOnly(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem() + "\n");
    }
}
