using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Tests.Connection;

public sealed class CertificatePinTests
{
    private static readonly string Hex = string.Concat(Enumerable.Repeat("0123456789abcdef", 4));

    [Fact]
    public void Parse_Lowercase_KeptAsWritten()
    {
        Assert.Equal("sha256:" + Hex, CertificatePin.Parse("sha256:" + Hex).Fingerprint);
    }

    [Fact]
    public void Parse_UppercaseAndSpaces_Normalized()
    {
        Assert.Equal("sha256:" + Hex, CertificatePin.Parse("  SHA256:" + Hex.ToUpperInvariant() + " ").Fingerprint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256:")]
    [InlineData("sha256:abc")]
    [InlineData("sha1:0123456789abcdef0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00")]
    public void Parse_Malformed_FormatExceptionNamingTheFormat(string text)
    {
        var e = Assert.Throws<FormatException>(() => CertificatePin.Parse(text));
        Assert.Contains("sha256:<64 hex digits>", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ParseOptional_Empty_None(string? text)
    {
        Assert.Null(CertificatePin.ParseOptional(text));
    }

    [Fact]
    public void Combine_SamePinTwice_ThatPin()
    {
        var pin = CertificatePin.Parse("sha256:" + Hex);
        Assert.Equal(pin.Fingerprint, CertificatePin.Combine(pin, CertificatePin.Parse("sha256:" + Hex.ToUpperInvariant()))!.Fingerprint);
        Assert.Same(pin, CertificatePin.Combine(pin, null));
        Assert.Same(pin, CertificatePin.Combine(null, pin));
        Assert.Null(CertificatePin.Combine(null, null));
    }

    [Fact]
    public void Combine_Disagreeing_FormatExceptionNamingBoth()
    {
        var a = CertificatePin.Parse("sha256:" + Hex);
        var b = CertificatePin.Parse("sha256:" + new string('f', 64));
        var e = Assert.Throws<FormatException>(() => CertificatePin.Combine(a, b));
        Assert.Contains(a.Fingerprint, e.Message, StringComparison.Ordinal);
        Assert.Contains(b.Fingerprint, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAddress_PinWithPlaintext_FormatException()
    {
        var pin = CertificatePin.Parse("sha256:" + Hex);
        var e = Assert.Throws<FormatException>(() => CertificatePin.CheckAddress(new Uri("http://grid:7070"), pin));
        Assert.Contains("https://", e.Message, StringComparison.Ordinal);
        CertificatePin.CheckAddress(new Uri("https://grid:7070"), pin);
        CertificatePin.CheckAddress(new Uri("http://grid:7070"), null);
    }

    [Fact]
    public void HandlerFor_NoPin_TheChannelsDefault()
    {
        Assert.Null(CertificatePin.HandlerFor(new Uri("https://grid:7070"), null));
        using var handler = CertificatePin.HandlerFor(new Uri("https://grid:7070"), CertificatePin.Parse("sha256:" + Hex));
        Assert.NotNull(handler!.SslOptions.RemoteCertificateValidationCallback);
    }
}
