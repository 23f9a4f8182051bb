using VolunteerQuantum.Cli.Parsing;

namespace VolunteerQuantum.Cli.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("1024", 1024)]
    [InlineData("4GiB", 4L << 30)]
    [InlineData("512 MiB", 512L << 20)]
    [InlineData("1.5k", 1536)]
    [InlineData("2GB", 2L << 30)]
    public void ByteSize_UnitsAreBinary(string text, long expected) => Assert.Equal(expected, ByteSize.Parse(text));

    [Theory]
    [InlineData("lots")]
    [InlineData("-1GiB")]
    [InlineData("4 parsecs")]
    public void ByteSize_Nonsense_FormatExceptionNamingTheInput(string text)
    {
        var e = Assert.Throws<FormatException>(() => ByteSize.Parse(text));
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_NameEqualsValue_PiForms()
    {
        var p = ParameterParsing.Parameters(["a=0.25", "b=pi/2", "c=-pi", "d=0.5pi", "e=2*pi"]);
        Assert.Equal(0.25, p["a"]);
        Assert.Equal(Math.PI / 2, p["b"], 15);
        Assert.Equal(-Math.PI, p["c"], 15);
        Assert.Equal(Math.PI / 2, p["d"], 15);
        Assert.Equal(2 * Math.PI, p["e"], 15);
    }

    [Theory]
    [InlineData("theta")]
    [InlineData("=1")]
    [InlineData("theta=abc")]
    public void Parameters_Malformed_Refused(string item) => Assert.Throws<FormatException>(() => ParameterParsing.Parameters([item]));

    [Fact]
    public void Parameters_GivenTwice_Refused() =>
        Assert.Contains("twice", Assert.Throws<FormatException>(() => ParameterParsing.Parameters(["a=1", "a=2"])).Message, StringComparison.Ordinal);

    [Fact]
    public void Sweeps_ListOrStartStopCount()
    {
        var sweeps = ParameterParsing.Sweeps(["a=1,2,3", "b=0:1:5", "c=2:9:1"]);
        Assert.Equal([1.0, 2, 3], sweeps[0].Values);
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1], sweeps[1].Values);
        Assert.Equal([2.0], sweeps[2].Values);
    }

    [Theory]
    [InlineData("a=0:1:0")]
    [InlineData("a=0:1:x")]
    [InlineData("a=1,,2")]
    public void Sweeps_Malformed_Refused(string item) => Assert.Throws<FormatException>(() => ParameterParsing.Sweeps([item]));
}
