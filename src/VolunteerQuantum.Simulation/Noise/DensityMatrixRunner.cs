using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Simulation.Results;
using VolunteerQuantum.Simulation.Sampling;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Noise;

/// <summary>
/// The exact method for small noisy circuits: ρ as a 2n-qubit vector evolved by the state-vector engine
/// (<see cref="DensityMatrixProgram"/>), then the exact outcome distribution (readout errors applied as
/// stochastic matrices), counts drawn from it with the seed, and Tr(Pρ) for observables.
/// </summary>
internal sealed class DensityMatrixRunner<T>(SimulationEngine<T> engine, int threads, CancellationToken cancellationToken)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>2n index bits must fit one state vector.</summary>
    public const int MaxQubits = StateVector.MaxQubits / 2;

    public SimulationResult Run(NoisyCircuit noisy, SimulationRequest request, MemoryBudget budget, IProgress<SimulationProgress>? progress, Func<SimulationTimings> timings)
    {
        var circuit = noisy.Circuit;
        var n = circuit.QubitCount;
        if (n > MaxQubits)
        {
            throw new StateTooLargeException($"the density matrix of {n} qubits has 4^{n} entries; the density-matrix method holds at most {MaxQubits} qubits: use trajectories (the state-vector method) for larger noisy circuits");
        }
        if (request.AmplitudeIndices.Count > 0)
        {
            throw new InvalidOperationException("a density matrix has no amplitudes: ask for probabilities (shots or none), expectation values, or the final state (vec ρ)");
        }
        var program = DensityMatrixProgram.Build(circuit);
        var rho = Allocate(n, budget);
        var keep = false;
        try
        {
            engine.Apply(rho, program.Gates, progress, 0, cancellationToken);
            var diagonal = Diagonal(rho, n);
            var outcomes = program.Measurements.Count > 0 ? OutcomeDistribution(diagonal, program.Measurements, noisy.ReadoutErrors, circuit.ClbitCount) : null;
            var expectations = request.Observables.Select(o => Trace(rho, n, o)).ToArray();
            keep = request.KeepFinalState;
            var counts = request.Shots > 0 ? Sample(outcomes, diagonal, program, circuit.ClbitCount, request) : null;
            var spent = timings();
            return new SimulationResult
            {
                Counts = counts,
                ExpectationValues = expectations,
                ExpectationMoments = expectations.Select(ObservableMoments.Exact).ToArray(),
                OutcomeProbabilities = outcomes?.ToDictionary(o => o.Key, o => o.Probability),
                BasisProbabilities = diagonal,
                FinalState = keep ? rho : null,
                GateCount = circuit.GateCount,
                Timings = spent,
                Elapsed = spent.Total,
            };
        }
        finally
        {
            if (!keep)
            {
                rho.Dispose();
            }
        }
    }

    private StateVector<T> Allocate(int n, MemoryBudget budget)
    {
        try
        {
            return new StateVector<T>(2 * n, 0, 0, budget, threads);
        }
        catch (StateTooLargeException e)
        {
            throw new StateTooLargeException($"the density matrix of {n} qubits has 4^{n} entries: {e.Message}", e);
        }
    }

    /// <summary>⟨i|ρ|i⟩ = vec(ρ)[i + 2^n·i].</summary>
    private static double[] Diagonal(StateVector<T> rho, int n)
    {
        var p = new double[1L << n];
        for (long i = 0; i < p.Length; i++)
        {
            p[i] = Math.Max(0, rho.GetAmplitude(i + (i << n)).Real);
        }
        return p;
    }

    /// <summary>
    /// The measured bits' marginal, then each bit's readout error as a 2×2 stochastic matrix on the
    /// distribution (exact), in the order of the bit patterns.
    /// </summary>
    private static List<(ClbitValue Key, double Probability)> OutcomeDistribution(double[] diagonal, IReadOnlyList<MeasureOperation> measurements, IReadOnlyList<ReadoutError?> readout, int clbitCount)
    {
        var m = measurements.Count;
        if (m > 24)
        {
            throw new InvalidOperationException($"exact outcome probabilities of {m} measured qubits would list 2^{m} outcomes; measure at most 24 qubits with the density-matrix method");
        }
        var marginal = new double[1 << m];
        for (long i = 0; i < diagonal.Length; i++)
        {
            var pattern = 0;
            for (var j = 0; j < m; j++)
            {
                pattern |= (int)((i >> measurements[j].Qubit) & 1) << j;
            }
            marginal[pattern] += diagonal[i];
        }
        for (var j = 0; j < m; j++)
        {
            if (readout[measurements[j].Qubit] is not { } error)
            {
                continue;
            }
            for (var pattern = 0; pattern < marginal.Length; pattern++)
            {
                if ((pattern & (1 << j)) != 0)
                {
                    continue;
                }
                var zero = marginal[pattern];
                var one = marginal[pattern | (1 << j)];
                marginal[pattern] = (zero * error.Assignment[0][0]) + (one * error.Assignment[1][0]);
                marginal[pattern | (1 << j)] = (zero * error.Assignment[0][1]) + (one * error.Assignment[1][1]);
            }
        }
        var bits = new bool[clbitCount];
        var outcomes = new Dictionary<ClbitValue, double>();
        var order = new List<ClbitValue>();
        for (var pattern = 0; pattern < marginal.Length; pattern++)
        {
            if (marginal[pattern] <= 0)
            {
                continue;
            }
            Array.Clear(bits);
            for (var j = 0; j < m; j++)
            {
                bits[measurements[j].Clbit] = (pattern & (1 << j)) != 0;
            }
            var key = ClbitValue.FromBits(bits);
            if (!outcomes.ContainsKey(key))
            {
                order.Add(key);
            }
            outcomes[key] = outcomes.GetValueOrDefault(key) + marginal[pattern];
        }
        return order.Select(k => (k, outcomes[k])).ToList();
    }

    /// <summary>Shots drawn from the exact distribution (sorted uniforms, one walk), reproducible from the seed.</summary>
    private static MeasurementCounts Sample(List<(ClbitValue Key, double Probability)>? outcomes, double[] diagonal, DensityMatrixProgram program, int clbitCount, SimulationRequest request)
    {
        outcomes ??= [(ClbitValue.FromBits(new bool[clbitCount]), 1.0)];
        var random = new DeterministicRandom(request.Seed);
        var total = outcomes.Sum(o => o.Probability);
        var uniforms = new double[request.Shots];
        for (long i = 0; i < uniforms.Length; i++)
        {
            uniforms[i] = random.NextDouble() * total;
        }
        Array.Sort(uniforms);
        var counts = new Dictionary<ClbitValue, long>();
        var next = 0L;
        var cumulative = 0.0;
        for (var o = 0; o < outcomes.Count && next < uniforms.Length; o++)
        {
            cumulative += outcomes[o].Probability;
            var start = next;
            while (next < uniforms.Length && (uniforms[next] < cumulative || o == outcomes.Count - 1))
            {
                next++;
            }
            if (next > start)
            {
                counts[outcomes[o].Key] = next - start;
            }
        }
        return new MeasurementCounts(clbitCount, counts);
    }

    /// <summary>Tr(Oρ) = Σ_terms c Σ_j λ(j) ρ[j, j ⊕ X] with P|j⟩ = λ(j)|j ⊕ X⟩.</summary>
    private static double Trace(StateVector<T> rho, int n, PauliSum observable)
    {
        if (observable.Width > n)
        {
            throw new ArgumentException($"observable '{observable.Text}' uses qubit {observable.Width - 1} but the circuit has {n} qubits");
        }
        var total = 0.0;
        foreach (var term in observable.Terms)
        {
            var x = (long)term.Pauli.XMask;
            var z = (long)term.Pauli.ZMask;
            var yPhase = Complex.Pow(Complex.ImaginaryOne, term.Pauli.YCount);
            var sum = Complex.Zero;
            for (long j = 0; j < 1L << n; j++)
            {
                var sign = (BitOperations.PopCount((ulong)(j & z)) & 1) == 0 ? 1 : -1;
                // ρ[j, j⊕X] sits at row j, column j ⊕ X: index j + 2^n·(j ⊕ X).
                sum += sign * rho.GetAmplitude(j + ((j ^ x) << n));
            }
            total += term.Coefficient * (yPhase * sum).Real;
        }
        return total;
    }
}
