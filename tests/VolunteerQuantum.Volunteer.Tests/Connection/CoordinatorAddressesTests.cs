using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Tests.Connection;

public sealed class CoordinatorAddressesTests
{
    [Fact]
    public void Parse_OneAddress_KeptAsWritten()
    {
        Assert.Equal(["http://127.0.0.1:7070"], CoordinatorAddresses.Parse("http://127.0.0.1:7070"));
    }

    [Fact]
    public void Parse_List_TrimmedInOrder()
    {
        Assert.Equal(["https://a:7070", "https://b:7070/"], CoordinatorAddresses.Parse(" https://a:7070 ,\thttps://b:7070/ "));
    }

    [Theory]
    [InlineData("https://a:7070,grid.example.org:7070", "'grid.example.org:7070' is not a coordinator address")]
    [InlineData("ftp://a:21,https://b:7070", "'ftp://a:21' is not a coordinator address")]
    [InlineData("https://a:7070,,https://b:7070", "has an empty entry")]
    [InlineData("https://a:7070,", "has an empty entry")]
    [InlineData("", "no coordinator address given")]
    [InlineData("  ", "no coordinator address given")]
    [InlineData("https://a:7070,https://B:7070,https://b:7070/", "'https://b:7070/' is named twice")]
    public void Parse_BadList_ErrorNamesTheEntry(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => CoordinatorAddresses.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://a:7070", "http://a:7070", true)]
    [InlineData("http://a:7070", "HTTP://A:7070/", true)]
    [InlineData("http://a:7070,http://b:7070", "http://b:7070", true)]
    [InlineData("http://b:7070", "http://a:7070,http://b:7070", true)]
    [InlineData("http://a:7070,http://b:7070", "http://c:7070", false)]
    public void Overlap_SharedAddressMeansSameGrid(string configured, string recorded, bool same)
    {
        Assert.Equal(same, CoordinatorAddresses.Overlap(configured, recorded));
    }
}
