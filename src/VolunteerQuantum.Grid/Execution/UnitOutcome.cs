using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Execution;

/// <summary>A computed replica: the small result, and (for the uploading replica) the final state to stream.</summary>
public sealed class UnitOutcome : IDisposable
{
    private readonly StateVector? _state;

    internal UnitOutcome(UnitResult result, StateVector? state)
    {
        Result = result;
        _state = state;
    }

    public UnitResult Result { get; }

    /// <summary>Bytes of the state to upload (interleaved little-endian complex), 0 when none.</summary>
    public long StateLength => _state is null ? 0 : _state.Length * _state.BytesPerAmplitude;

    /// <summary>"c16" or "c8" (NumPy's names), or null without a state.</summary>
    public string? StateFormat => _state is null ? null : _state.Precision == Precision.Single ? "c8" : "c16";

    /// <summary>The state as consecutive chunks of at most <paramref name="chunkBytes"/>; each chunk reuses one buffer.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> StateChunks(int chunkBytes) =>
        _state is null ? [] : Execution.StateChunks.Of(_state, chunkBytes);

    public void Dispose() => _state?.Dispose();
}
