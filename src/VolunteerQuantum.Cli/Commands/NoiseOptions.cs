using System.CommandLine;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Circuits.Noise.Json;
using VolunteerQuantum.Cli.Parsing;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>`--noise`, `--trajectories` and `--method` of `vq simulate`.</summary>
internal sealed class NoiseOptions
{
    public const string StateVector = "state-vector";
    public const string DensityMatrix = "density-matrix";

    public Option<FileInfo?> Noise { get; } = new("--noise")
    {
        Description = "Noise model: JSON in VolunteerQuantum's format or Qiskit Aer's NoiseModel.to_dict() (see the README)",
    };

    public Option<long?> Trajectories { get; } = new("--trajectories")
    {
        Description = "Quantum trajectories of a noisy state-vector run (default: one per shot, or 1000 for expectation values alone)",
    };

    public Option<string> Method { get; } = new("--method")
    {
        Description = "state-vector (trajectories when noisy) or density-matrix (exact; 4^n amplitudes, so small circuits: 14 qubits take 4 GiB)",
        DefaultValueFactory = _ => StateVector,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Noise);
        command.Options.Add(Trajectories);
        command.Options.Add(Method);
        Method.AcceptOnlyFromAmong(StateVector, DensityMatrix);
        Trajectories.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is <= 0)
            {
                r.AddError("--trajectories must be positive");
            }
        });
    }

    /// <summary>The model in <paramref name="file"/>, with the file's problems (missing, empty, malformed) as one clear message.</summary>
    public static NoiseModel Load(FileInfo? file) =>
        file is null ? NoiseModel.None : NoiseModelJson.Parse(CircuitFile.ReadText(file, "a noise-model JSON file", "noise model"), file.Name);
}
