using System.CommandLine;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>The `vq` command line.</summary>
internal static class VqCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("VolunteerQuantum: quantum circuit simulation on a grid of volunteer machines")
        {
            SimulateCommand.Build(),
            RunCommand.Build(),
            ProjectCommands.Submit(),
            ProjectCommands.Watch(),
            ProjectCommands.Result(),
            ProjectCommands.List(),
            ProjectCommands.Cancel(),
            StatusCommand.Build(),
            AccountCommands.Accounts(),
            AccountCommands.Keys(),
            AccountCommands.Hosts(),
            CoordinatorCommand.Build(),
            VolunteerCommand.Build(),
        };
        return root;
    }
}
