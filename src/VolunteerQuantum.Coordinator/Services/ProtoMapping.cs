using System.Numerics;
using Google.Protobuf.WellKnownTypes;
using VolunteerQuantum.Coordinator.Progress;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Verification;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;
using VolunteerQuantum.Simulation.Observables;
using V1 = VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>Maps wire types to domain types and back, at the service edge only.</summary>
internal static class ProtoMapping
{
    public static ProjectSpec MapSpec(V1.SubmitProjectRequest request) => new()
    {
        Name = request.Name,
        Source = request.Qasm,
        FileName = string.IsNullOrWhiteSpace(request.FileName) ? "circuit.qasm" : request.FileName,
        Shots = request.Shots,
        Seed = request.Seed != 0 ? request.Seed : BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)),
        SinglePrecision = request.Precision == V1.Precision.Single,
        ReturnState = request.ReturnState,
        Amplitudes = [.. request.Amplitudes],
        Observables = [.. request.Observables],
        Parameters = request.Parameters.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        Sweeps = [.. request.Sweeps.Select(s => new ParameterSweep(s.Name, [.. s.Values]))],
        MinQuorum = request.MinQuorum > 0 ? request.MinQuorum : ProjectSpec.DefaultMinQuorum,
        MaxReplicas = request.MaxReplicas > 0 ? request.MaxReplicas : Math.Max(ProjectSpec.DefaultMaxReplicas, request.MinQuorum),
        ShotsPerUnit = request.ShotsPerUnit,
        Strategy = request.Strategy switch
        {
            V1.Strategy.Whole => SlicingStrategy.Whole,
            V1.Strategy.Shards => SlicingStrategy.Shards,
            V1.Strategy.Paths => SlicingStrategy.Paths,
            _ => SlicingStrategy.Auto,
        },
        MaxUnitMemoryBytes = request.MaxUnitMemoryBytes,
        AcceptPathFraction = request.AcceptPathFraction,
        AdaptiveReplication = request.AdaptiveReplication,
        AdaptiveSpotCheckFraction = request.AdaptiveSpotCheckFraction,
        NoiseText = string.IsNullOrWhiteSpace(request.Noise) ? null : request.Noise,
        NoiseFileName = string.IsNullOrWhiteSpace(request.NoiseFileName) ? "noise.json" : request.NoiseFileName,
        Trajectories = request.Trajectories,
        TrajectoriesPerUnit = request.TrajectoriesPerUnit,
    };

    /// <param name="progress">The progress monitor's last sample of the project (null: none yet, or it has ended).</param>
    public static V1.ProjectInfo MapInfo(ProjectView view, ProjectProgress? progress = null)
    {
        var p = view.Project;
        var v = view.Verification;
        var info = new V1.ProjectInfo
        {
            Id = p.Id,
            Name = p.Name,
            State = p.State switch
            {
                ProjectState.Completed => V1.ProjectState.Completed,
                ProjectState.Failed => V1.ProjectState.Failed,
                ProjectState.Cancelled => V1.ProjectState.Cancelled,
                _ => V1.ProjectState.Running,
            },
            FailureReason = p.FailureReason ?? "",
            NumQubits = p.Qubits,
            NumGates = p.Gates,
            Plan = new V1.PlanInfo
            {
                Strategy = p.Strategy switch
                {
                    SlicingStrategy.Shards => V1.Strategy.Shards,
                    SlicingStrategy.Paths => V1.Strategy.Paths,
                    _ => V1.Strategy.Whole,
                },
                Units = p.UnitsTotal,
                MemoryPerUnitBytes = p.MemoryPerUnit,
                Description = p.PlanDescription,
                Stages = p.StageCount,
                CurrentStage = p.CurrentStage,
                BytesMoved = p.BytesMoved,
                Paths = p.PathCount,
            },
            UnitsTotal = p.UnitsTotal,
            UnitsVerified = p.UnitsVerified,
            UnitsFailed = p.UnitsFailed,
            ReplicasRunning = view.ReplicasRunning,
            Verification = new V1.VerificationSummary
            {
                UnitsAgreed = v.UnitsAgreed,
                UnitsDisputed = v.UnitsDisputed,
                ReplicasValid = v.ReplicasValid,
                ReplicasInvalid = v.ReplicasInvalid,
                ReplicasErrored = v.ReplicasErrored,
                ReplicasTimedOut = v.ReplicasTimedOut,
                HostsContributing = v.HostsContributing,
            },
            Created = Timestamp.FromDateTime(DateTime.SpecifyKind(p.CreatedUtc, DateTimeKind.Utc)),
            MinQuorum = p.MinQuorum,
            MaxReplicas = p.MaxReplicas,
            Owner = p.Owner,
        };
        info.Warnings.AddRange(p.Warnings);
        if (p.FinishedUtc is { } finished)
        {
            info.Finished = Timestamp.FromDateTime(DateTime.SpecifyKind(finished, DateTimeKind.Utc));
        }
        MapProgress(info, p, progress);
        return info;
    }

    private static void MapProgress(V1.ProjectInfo info, ProjectRecord p, ProjectProgress? progress)
    {
        if (p.State != ProjectState.Running || progress is null)
        {
            // Ended (or not sampled yet): what the units say.
            info.WorkFraction = p.State == ProjectState.Completed ? 1 : p.UnitsTotal == 0 ? 0 : (double)p.UnitsVerified / p.UnitsTotal;
            return;
        }
        info.WorkFraction = progress.WorkFraction;
        // The sample may be a moment older than the replica count: never more paused than running.
        info.ReplicasPaused = Math.Min(progress.ReplicasPaused, info.ReplicasRunning);
        info.UnitsPerSecond = progress.UnitsPerSecond;
        info.ThroughputWindowSeconds = progress.WindowSeconds;
        if (progress.EtaSeconds is { } eta)
        {
            info.EtaSeconds = eta;
        }
        if (progress.Stall is { } stall)
        {
            info.Stall = MapStall(stall);
        }
    }

    private static V1.ProjectStall MapStall(ProjectStall stall)
    {
        var mapped = new V1.ProjectStall
        {
            Reason = stall.Kind switch
            {
                StallKind.NoVolunteers => V1.StallReason.NoVolunteers,
                StallKind.NoneConnected => V1.StallReason.NoneConnected,
                StallKind.AllPaused => V1.StallReason.AllPaused,
                StallKind.NotEnoughMemory => V1.StallReason.NotEnoughMemory,
                StallKind.NoEligibleVolunteer => V1.StallReason.NoEligibleVolunteer,
                StallKind.VolunteersBusy => V1.StallReason.VolunteersBusy,
                _ => V1.StallReason.Unspecified,
            },
            Message = stall.Message,
            MemoryNeededBytes = stall.MemoryNeededBytes,
            LargestHostMemoryBytes = stall.LargestHostMemoryBytes,
            HostsRegistered = stall.HostsRegistered,
            HostsConnected = stall.HostsConnected,
        };
        mapped.Pauses.AddRange(stall.Pauses.Select(p => new V1.PauseCount { Reason = p.Reason, Hosts = p.Hosts }));
        if (stall.LastSeenUtc is { } seen)
        {
            mapped.LastSeen = Timestamp.FromDateTime(DateTime.SpecifyKind(seen, DateTimeKind.Utc));
        }
        return mapped;
    }

    public static V1.Assignment MapAssignment(LeaseGrant grant, TimeSpan heartbeatInterval, int sketchCount)
    {
        var (replica, unit, project) = grant;
        var task = new V1.UnitTask
        {
            UnitId = unit.Id,
            ProjectId = project.Id,
            Precision = project.SinglePrecision ? V1.Precision.Single : V1.Precision.Double,
            Circuit = new V1.BlobRef { Sha256 = project.CircuitBlob, Length = project.CircuitLength },
            CircuitFileName = project.FileName,
        };
        if (project.NoiseBlob is not null)
        {
            task.Noise = new V1.BlobRef { Sha256 = project.NoiseBlob, Length = project.NoiseLength };
            task.NoiseFileName = project.NoiseFileName ?? "noise.json";
        }
        // Only the replica's own slot: the seeds that check its result stay with the coordinator.
        task.SketchSeeds.AddRange(SeedSlots.Seeds(unit, replica.SeedSlot, sketchCount));
        switch (unit.Kind)
        {
            case UnitKind.Shard:
                task.Kind = V1.UnitKind.Shard;
                task.Shard = new V1.ShardTask
                {
                    Stage = unit.Stage,
                    ShardIndex = unit.ShardIndex,
                    LocalQubits = unit.LocalQubits,
                    GlobalQubits = unit.GlobalQubits,
                    Input = unit.InputBlob is null ? null : new V1.BlobRef { Sha256 = unit.InputBlob, Length = unit.InputLength },
                    Program = new V1.BlobRef { Sha256 = unit.ProgramBlob, Length = unit.ProgramLength },
                    InputNormSquared = unit.InputNorm,
                    ReturnState = replica.UploadState,
                };
                break;
            case UnitKind.Paths:
                task.Kind = V1.UnitKind.Paths;
                task.Paths = new V1.PathsTask
                {
                    Program = new V1.BlobRef { Sha256 = unit.ProgramBlob, Length = unit.ProgramLength },
                    FirstPath = (ulong)unit.FirstPath,
                    PathCount = (ulong)unit.PathCount,
                    MaxMemoryBytes = unit.MemoryBytes,
                };
                task.Paths.Amplitudes.AddRange(unit.Amplitudes);
                break;
            default:
                task.Kind = V1.UnitKind.Whole;
                task.Parameters.Add(unit.Parameters);
                task.Whole = new V1.WholeTask
                {
                    Shots = unit.Shots,
                    Seed = unit.Seed,
                    ReturnState = replica.UploadState,
                    Trajectories = unit.Trajectories,
                    FirstTrajectory = unit.FirstTrajectory,
                    TrajectoryCount = unit.TrajectoryCount,
                    RunShots = unit.RunShots,
                };
                task.Whole.Amplitudes.AddRange(unit.Amplitudes);
                task.Whole.Observables.AddRange(unit.Observables);
                break;
        }
        return new V1.Assignment
        {
            ReplicaId = replica.Id,
            LeaseDeadline = Timestamp.FromDateTime(DateTime.SpecifyKind(replica.LeaseExpiryUtc, DateTimeKind.Utc)),
            HeartbeatIntervalMs = (int)heartbeatInterval.TotalMilliseconds,
            Task = task,
        };
    }

    public static UnitResult MapResult(V1.ResultHeader header, string? stateBlob) => new()
    {
        Counts = header.Counts.GroupBy(c => c.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal),
        Amplitudes = header.Amplitudes.GroupBy(a => a.Bitstring, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Map(g.First().Value), StringComparer.Ordinal),
        Expectations = header.Expectations.GroupBy(e => e.Observable, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal),
        Moments = header.Moments.GroupBy(m => m.Observable, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ObservableMoments(g.First().Count, g.First().Sum, g.First().SumOfSquares), StringComparer.Ordinal),
        Sketches = [.. header.Sketches.Select(Map)],
        NormSquared = header.NormSquared,
        PathAbsSum = header.PathAbsSum,
        StateBlob = stateBlob,
        StateLength = header.StateLength,
        StateFormat = stateBlob is null ? null : header.StateFormat,
        GatesApplied = header.GatesApplied,
        ComputeSeconds = header.ComputeSeconds,
    };

    private static Complex Map(V1.ComplexNumber? c) => c is null ? Complex.Zero : new Complex(c.Re, c.Im);
}
