using VolunteerQuantum.Cli.Commands;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>`vq volunteer` runs the daemon as before; `vq volunteer status` is its subcommand.</summary>
public sealed class VolunteerCommandTests
{
    [Fact]
    public void Parse_VolunteerWithOptions_RunsTheDaemonCommand()
    {
        var result = VqCommand.Build().Parse(["volunteer", "--coordinator", "http://grid:7070", "--enroll", "t", "--mode", "always", "--checkpoint-seconds", "5"]);
        Assert.Empty(result.Errors);
        Assert.Equal("volunteer", result.CommandResult.Command.Name);
    }

    [Fact]
    public void Parse_VolunteerStatus_IsTheStatusSubcommand()
    {
        var result = VqCommand.Build().Parse(["volunteer", "status", "--data-dir", "/tmp/x", "--json"]);
        Assert.Empty(result.Errors);
        Assert.Equal("status", result.CommandResult.Command.Name);
        Assert.Equal("volunteer", result.CommandResult.Command.Parents.OfType<System.CommandLine.Command>().First().Name);
    }

    [Fact]
    public void Parse_UnknownMode_Refused()
    {
        Assert.NotEmpty(VqCommand.Build().Parse(["volunteer", "--mode", "sometimes"]).Errors);
    }

    [Fact]
    public async Task Invoke_StatusWithoutAStatusFile_ExitCode1()
    {
        var directory = Directory.CreateTempSubdirectory("vq-cli-status-").FullName;
        try
        {
            Assert.Equal(1, await VqCommand.Build().Parse(["volunteer", "status", "--data-dir", directory]).InvokeAsync());
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
