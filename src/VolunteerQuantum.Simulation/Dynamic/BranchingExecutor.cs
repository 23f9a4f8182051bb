using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.Results;
using VolunteerQuantum.Simulation.Sampling;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Dynamic;

/// <summary>
/// Runs the dynamic part of a circuit for all shots at once by branching on outcomes instead of
/// simulating each shot: a branch carries a shot count; at a measurement (or reset) the count splits
/// binomially between the outcomes, and only when both halves are nonempty is the state cloned. Shots
/// that see identical outcomes share one simulation, so circuits with few distinct branches (ipea,
/// teleportation) cost a handful of states, not one per shot. When the rest of a branch's program is
/// only measurements, its shots are sampled from the state in one pass. Gate runs between non-unitary
/// operations are fused once and cached. Live states: at most one per open split on the current path,
/// all reserved from the run's memory budget.
/// </summary>
internal sealed class BranchingExecutor<T>(GateBackend<T> backend, GateFuser fuser, int threads, DeterministicRandom random, CancellationToken cancellationToken)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Dictionary<IReadOnlyList<Operation>, Dictionary<int, (KernelPlan<T>[] Plans, int End)>> _segments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IReadOnlyList<Operation>, bool[]> _measureOnlySuffix = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ClbitValue, long> _counts = [];

    public long Branches { get; private set; }

    /// <summary>Runs from operation <paramref name="start"/> on <paramref name="state"/> (which it takes over and disposes).</summary>
    public Dictionary<ClbitValue, long> Run(StateVector<T> state, Circuit circuit, int start, long shots)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        Execute(state, ProgramFrame.Normalize(new ProgramFrame(circuit.Operations, start, null)), circuit.NewMemory(), shots);
        return _counts;
    }

    private void Execute(StateVector<T> state, ProgramFrame? frame, ClassicalMemory memory, long shots)
    {
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                frame = ProgramFrame.Normalize(frame);
                if (frame is null)
                {
                    Record(memory.Clbits, shots);
                    return;
                }
                if (IsTerminal(frame))
                {
                    SampleTerminal(state, frame, memory.Clbits, shots);
                    return;
                }
                if (ClassicalControl.TryStep(frame, memory, out var next))
                {
                    frame = next;
                    continue;
                }
                switch (frame.Current)
                {
                    case GateOperation:
                        var (plans, end) = Segment(frame.Operations, frame.Index, state.LocalQubits);
                        foreach (var plan in plans)
                        {
                            plan.Apply(state, threads);
                        }
                        frame = frame with { Index = end };
                        break;
                    case RuntimeGateOperation gate:
                        foreach (var fused in fuser.Fuse(gate.Instantiate(memory), state.LocalQubits))
                        {
                            backend.Prepare(fused, state.LocalQubits).Apply(state, threads);
                        }
                        frame = frame.Advance();
                        break;
                    case MeasureOperation or MeasureIntoVariableOperation:
                        {
                            var qubit = frame.Current.Qubits[0];
                            var (zeroShots, oneShots, p1) = Split(state, qubit, shots);
                            var measure = frame.Current;
                            frame = frame.Advance();
                            if (zeroShots > 0 && oneShots > 0)
                            {
                                var zero = (StateVector<T>)state.Clone();
                                QubitMeasurement.Collapse(zero, backend, qubit, false, 1 - p1, threads);
                                var zeroMemory = memory.Clone();
                                Store(measure, zeroMemory, false);
                                Execute(zero, frame, zeroMemory, zeroShots);
                            }
                            var outcome = oneShots > 0;
                            QubitMeasurement.Collapse(state, backend, qubit, outcome, outcome ? p1 : 1 - p1, threads);
                            Store(measure, memory, outcome);
                            shots = outcome ? oneShots : zeroShots;
                            break;
                        }
                    case ResetOperation r:
                        {
                            var (zeroShots, oneShots, p1) = Split(state, r.Qubit, shots);
                            frame = frame.Advance();
                            if (zeroShots > 0 && oneShots > 0)
                            {
                                var zero = (StateVector<T>)state.Clone();
                                QubitMeasurement.Collapse(zero, backend, r.Qubit, false, 1 - p1, threads);
                                Execute(zero, frame, memory.Clone(), zeroShots);
                            }
                            var outcome = oneShots > 0;
                            QubitMeasurement.Collapse(state, backend, r.Qubit, outcome, outcome ? p1 : 1 - p1, threads);
                            if (outcome)
                            {
                                QubitMeasurement.Flip(state, backend, r.Qubit, threads);
                            }
                            shots = outcome ? oneShots : zeroShots;
                            break;
                        }
                    default:
                        throw new NotSupportedException($"operation {frame.Current} cannot be simulated");
                }
            }
        }
        finally
        {
            state.Dispose();
        }
    }

    private static void Store(Operation measure, ClassicalMemory memory, bool outcome)
    {
        if (measure is MeasureOperation m)
        {
            memory.Clbits[m.Clbit] = outcome;
        }
        else
        {
            ((MeasureIntoVariableOperation)measure).Store(memory, outcome);
        }
    }

    private (long Zero, long One, double P1) Split(StateVector<T> state, int qubit, long shots)
    {
        var p1 = Math.Clamp(QubitMeasurement.ProbabilityOfOne(state, qubit, threads), 0, 1);
        var one = random.NextBinomial(shots, p1);
        return (shots - one, one, p1);
    }

    private void Record(bool[] clbits, long shots)
    {
        Branches++;
        var key = ClbitValue.FromBits(clbits);
        _counts[key] = _counts.GetValueOrDefault(key) + shots;
    }

    /// <summary>True when everything left on this branch is measurements and barriers.</summary>
    private bool IsTerminal(ProgramFrame? frame)
    {
        for (; frame is not null; frame = frame.Parent)
        {
            if (frame.Index < frame.Operations.Count && !MeasureOnlySuffix(frame.Operations)[frame.Index])
            {
                return false;
            }
        }
        return true;
    }

    private bool[] MeasureOnlySuffix(IReadOnlyList<Operation> ops)
    {
        if (!_measureOnlySuffix.TryGetValue(ops, out var suffix))
        {
            suffix = new bool[ops.Count + 1];
            suffix[ops.Count] = true;
            for (var i = ops.Count - 1; i >= 0; i--)
            {
                suffix[i] = suffix[i + 1] && ops[i] is MeasureOperation or BarrierOperation;
            }
            _measureOnlySuffix[ops] = suffix;
        }
        return suffix;
    }

    private void SampleTerminal(StateVector<T> state, ProgramFrame? frame, bool[] clbits, long shots)
    {
        var measurements = new List<MeasureOperation>();
        for (; frame is not null; frame = frame.Parent)
        {
            for (var i = frame.Index; i < frame.Operations.Count; i++)
            {
                if (frame.Operations[i] is MeasureOperation m)
                {
                    measurements.Add(m);
                }
            }
        }
        foreach (var (index, count) in ShotSampler.Sample(state, shots, random, threads))
        {
            var bits = (bool[])clbits.Clone();
            foreach (var m in measurements)
            {
                bits[m.Clbit] = ((index >> m.Qubit) & 1) != 0;
            }
            Record(bits, count);
        }
    }

    /// <summary>The fused plans of the gate run starting at <paramref name="start"/>, cached per list and index.</summary>
    private (KernelPlan<T>[] Plans, int End) Segment(IReadOnlyList<Operation> ops, int start, int qubits)
    {
        if (!_segments.TryGetValue(ops, out var byIndex))
        {
            byIndex = [];
            _segments[ops] = byIndex;
        }
        if (!byIndex.TryGetValue(start, out var segment))
        {
            var gates = new List<GateOperation>();
            var end = start;
            for (; end < ops.Count && ops[end] is GateOperation or BarrierOperation; end++)
            {
                if (ops[end] is GateOperation g)
                {
                    gates.Add(g);
                }
            }
            var plans = fuser.Fuse(gates, qubits).Select(f => backend.Prepare(f, qubits)).ToArray();
            segment = (plans, end);
            byIndex[start] = segment;
        }
        return segment;
    }
}
