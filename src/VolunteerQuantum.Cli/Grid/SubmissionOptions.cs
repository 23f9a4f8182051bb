using System.CommandLine;
using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Cli.Parsing;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>How a project runs on a grid, shared by `vq run` and `vq submit`.</summary>
internal sealed class SubmissionOptions
{
    public OutputOptions Outputs { get; } = new();

    public Option<int> Replicas { get; } = new("--replicas", "-r")
    {
        Description = "Replicas that must agree for each unit (min quorum)",
        DefaultValueFactory = _ => 2,
    };

    public Option<int> MaxReplicas { get; } = new("--max-replicas") { Description = "Most replicas a unit may need before it fails (default 5)" };

    public Option<long> ShotsPerUnit { get; } = new("--shots-per-unit") { Description = "Shots per work unit (default: the planner chooses)" };

    public Option<string[]> Sweeps { get; } = new("--sweep") { Description = "Sweep an `input float` parameter: name=v1,v2,… or name=start:stop:count (repeatable)" };

    public Option<string> Strategy { get; } = new("--strategy")
    {
        Description = "auto, whole, shards or paths",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> MaxUnitMemory { get; } = new("--max-unit-memory") { Description = "Largest state a unit may hold: bytes or with a KiB/MiB/GiB suffix" };

    public Option<double> AcceptFraction { get; } = new("--accept-fraction")
    {
        Description = "Paths: finish once verified units cover this fraction of the paths (0-1; default all), reporting the fraction",
    };

    // Here, not in OutputOptions: `vq simulate` has noise options of its own.
    public Option<FileInfo?> Noise { get; } = new("--noise") { Description = "Noise model: JSON in VolunteerQuantum's format or Qiskit Aer's NoiseModel.to_dict() (see the README)" };

    public Option<long> Trajectories { get; } = new("--trajectories") { Description = "Quantum trajectories of a noisy run (default: one per shot, or 1000 for expectation values alone)" };

    public Option<long> TrajectoriesPerUnit { get; } = new("--trajectories-per-unit") { Description = "Trajectories per work unit (default: about a minute of the median volunteer's time)" };

    public Option<string?> Name { get; } = new("--name") { Description = "Project name (default: the file's name)" };

    public Option<string?> Coordinator { get; } = new("--coordinator", "-c") { Description = "Coordinator address, or several separated by commas (default $VQ_COORDINATOR or " + GridConnection.DefaultAddress + ")" };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (default $VQ_API_KEY, or the local coordinator's generated key)" };

    public Option<string?> TlsPin { get; } = GridClientOptions.NewTlsPin();

    public GridConnection Connect(ParseResult parse) => GridConnection.Resolve(parse.GetValue(Coordinator), parse.GetValue(ApiKey), parse.GetValue(TlsPin));

    public void AddTo(Command command)
    {
        Outputs.AddTo(command);
        command.Options.Add(Replicas);
        command.Options.Add(MaxReplicas);
        command.Options.Add(ShotsPerUnit);
        command.Options.Add(Sweeps);
        command.Options.Add(Strategy);
        command.Options.Add(MaxUnitMemory);
        command.Options.Add(AcceptFraction);
        command.Options.Add(Noise);
        command.Options.Add(Trajectories);
        command.Options.Add(TrajectoriesPerUnit);
        command.Options.Add(Name);
        command.Options.Add(Coordinator);
        command.Options.Add(ApiKey);
        command.Options.Add(TlsPin);
        Strategy.AcceptOnlyFromAmong("auto", "whole", "shards", "paths");
        Replicas.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--replicas must be at least 1");
            }
        });
    }

    /// <summary>Reads the circuit file and builds the submission; file problems are reported here, before any grid is contacted.</summary>
    public SubmitProjectRequest Request(ParseResult parse)
    {
        var file = parse.GetRequiredValue(Outputs.File);
        var request = new SubmitProjectRequest
        {
            Name = parse.GetValue(Name) ?? Path.GetFileNameWithoutExtension(file.Name),
            Qasm = Parsing.CircuitFile.ReadText(file),
            FileName = file.Name,
            Shots = parse.GetValue(Outputs.Shots),
            Seed = parse.GetValue(Outputs.Seed) ?? 0,
            Precision = parse.GetValue(Outputs.Precision) == "single" ? Precision.Single : Precision.Double,
            ReturnState = parse.GetValue(Outputs.StateOut) is not null,
            MinQuorum = parse.GetValue(Replicas),
            MaxReplicas = parse.GetValue(MaxReplicas),
            ShotsPerUnit = parse.GetValue(ShotsPerUnit),
            Strategy = parse.GetValue(Strategy) switch
            {
                "whole" => Protos.V1.Strategy.Whole,
                "shards" => Protos.V1.Strategy.Shards,
                "paths" => Protos.V1.Strategy.Paths,
                _ => Protos.V1.Strategy.Auto,
            },
            MaxUnitMemoryBytes = parse.GetValue(MaxUnitMemory) is { } memory ? ByteSize.Parse(memory) : 0,
            AcceptPathFraction = parse.GetValue(AcceptFraction),
            Trajectories = parse.GetValue(Trajectories),
            TrajectoriesPerUnit = parse.GetValue(TrajectoriesPerUnit),
        };
        if (parse.GetValue(Noise) is { } noise)
        {
            request.Noise = Parsing.CircuitFile.ReadText(noise, "a noise-model JSON file", "noise model");
            request.NoiseFileName = noise.Name;
            if (request.Trajectories == 0)
            {
                // As `vq simulate`: one trajectory per shot, or a default number for expectation values alone.
                request.Trajectories = request.Shots > 0 ? request.Shots : Commands.SimulateCommand.DefaultTrajectories;
            }
        }
        if (request.Seed == 0)
        {
            request.Seed = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        }
        request.Amplitudes.AddRange(OutputOptions.SplitList(parse.GetValue(Outputs.Amplitudes)));
        request.Observables.AddRange(parse.GetValue(Outputs.Observables) ?? []);
        request.Parameters.Add(ParameterParsing.Parameters(parse.GetValue(Outputs.Parameters) ?? []));
        foreach (var sweep in ParameterParsing.Sweeps(parse.GetValue(Sweeps) ?? []))
        {
            var message = new ParameterSweep { Name = sweep.Name };
            message.Values.AddRange(sweep.Values);
            request.Sweeps.Add(message);
        }
        return request;
    }
}
