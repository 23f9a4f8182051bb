using System.CommandLine;
using VolunteerQuantum.Cli.Grid;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>--coordinator, --api-key and --tls-pin, for the commands that talk to a running grid.</summary>
internal sealed class GridClientOptions
{
    public Option<string?> Coordinator { get; } = new("--coordinator", "-c") { Description = "Coordinator address, or several separated by commas (default $VQ_COORDINATOR or " + GridConnection.DefaultAddress + ")" };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (default $VQ_API_KEY, or the local coordinator's generated key)" };

    public Option<string?> TlsPin { get; } = NewTlsPin();

    public void AddTo(Command command)
    {
        command.Options.Add(Coordinator);
        command.Options.Add(ApiKey);
        command.Options.Add(TlsPin);
    }

    public GridConnection Connect(ParseResult parse) => GridConnection.Resolve(parse.GetValue(Coordinator), parse.GetValue(ApiKey), parse.GetValue(TlsPin));

    /// <summary>--tls-pin, the same for every command that connects to a coordinator.</summary>
    public static Option<string?> NewTlsPin() => new("--tls-pin")
    {
        Description = $"Trust exactly the coordinator certificate with this fingerprint, sha256:<64 hex> (even self-signed; default ${GridConnection.TlsPinVariable}; needs an https:// address)",
    };
}
