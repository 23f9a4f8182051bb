using System.CommandLine;
using VolunteerQuantum.Cli.Grid;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>--coordinator and --api-key, for the commands that talk to a running grid.</summary>
internal sealed class GridClientOptions
{
    public Option<string?> Coordinator { get; } = new("--coordinator", "-c") { Description = "Coordinator address (default $VQ_COORDINATOR or " + GridConnection.DefaultAddress + ")" };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (default $VQ_API_KEY, or the local coordinator's generated key)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Coordinator);
        command.Options.Add(ApiKey);
    }

    public GridConnection Connect(ParseResult parse) => GridConnection.Resolve(parse.GetValue(Coordinator), parse.GetValue(ApiKey));
}
