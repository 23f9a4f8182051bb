using System.CommandLine;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>What to compute, shared by `vq simulate`, `vq run` and `vq submit`.</summary>
internal sealed class OutputOptions
{
    public Argument<FileInfo> File { get; } = new("file") { Description = "OpenQASM 2.0 or 3 circuit file" };

    public Option<long> Shots { get; } = new("--shots", "-s") { Description = "Shots to sample (default 1024 when nothing else is asked for)" };

    public Option<ulong?> Seed { get; } = new("--seed") { Description = "Seed of the sampler; the same seed gives the same counts" };

    public Option<string> Precision { get; } = new("--precision", "-p")
    {
        Description = "double (complex128) or single (complex64)",
        DefaultValueFactory = _ => "double",
    };

    public Option<FileInfo?> StateOut { get; } = new("--state-out") { Description = "Write the final state to this NumPy .npy file" };

    public Option<string[]> Amplitudes { get; } = new("--amplitudes", "-a")
    {
        Description = "Amplitudes to print, as bitstrings with qubit 0 rightmost (comma-separated or repeated)",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Observables { get; } = new("--observable", "-o") { Description = "Pauli sum to evaluate exactly, e.g. \"Z0 Z1\" or \"0.5*Z0 + Y1 Y2\" (repeatable)" };

    public Option<string[]> Parameters { get; } = new("--param") { Description = "Value of an `input float` parameter, name=value (repeatable; 'pi/2' allowed)" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object instead of a table" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        command.Options.Add(Shots);
        command.Options.Add(Seed);
        command.Options.Add(Precision);
        command.Options.Add(StateOut);
        command.Options.Add(Amplitudes);
        command.Options.Add(Observables);
        command.Options.Add(Parameters);
        command.Options.Add(Json);
        Precision.AcceptOnlyFromAmong("double", "single");
        Shots.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 0)
            {
                r.AddError("--shots must not be negative");
            }
        });
    }

    /// <summary>Amplitude bitstrings, whether given comma-separated or repeated.</summary>
    public static string[] SplitList(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
}
