using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Tests.Connection;

public sealed class EnrollmentStringTests
{
    private const string Pin = "sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Fact]
    public void Parse_BareToken_NoPin()
    {
        var (token, pin) = EnrollmentString.Parse(" vqe_abc \n");
        Assert.Equal("vqe_abc", token);
        Assert.Null(pin);
    }

    [Fact]
    public void Parse_TokenWithPin_SplitAtTheHash()
    {
        var (token, pin) = EnrollmentString.Parse("vqe_abc#" + Pin + "\n");
        Assert.Equal("vqe_abc", token);
        Assert.Equal(Pin, pin!.Fingerprint);
    }

    [Fact]
    public void Parse_HashInsideToken_SplitAtTheLastHash()
    {
        var (token, pin) = EnrollmentString.Parse("odd#token#" + Pin);
        Assert.Equal("odd#token", token);
        Assert.Equal(Pin, pin!.Fingerprint);
    }

    [Theory]
    [InlineData("vqe_abc#")]
    [InlineData("vqe_abc#sha256:1234")]
    [InlineData("vqe_abc#not-a-pin")]
    public void Parse_HashWithoutAPin_FormatException(string text)
    {
        var e = Assert.Throws<FormatException>(() => EnrollmentString.Parse(text));
        Assert.Contains("sha256:<64 hex digits>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PinWithoutToken_FormatException()
    {
        Assert.Throws<FormatException>(() => EnrollmentString.Parse("#" + Pin));
    }

    [Fact]
    public void Format_WithAndWithoutPin_RoundTrips()
    {
        Assert.Equal("vqe_abc", EnrollmentString.Format("vqe_abc", null));
        var formatted = EnrollmentString.Format("vqe_abc", CertificatePin.Parse(Pin));
        Assert.Equal("vqe_abc#" + Pin, formatted);
        var (token, pin) = EnrollmentString.Parse(formatted);
        Assert.Equal("vqe_abc", token);
        Assert.Equal(Pin, pin!.Fingerprint);
    }
}
