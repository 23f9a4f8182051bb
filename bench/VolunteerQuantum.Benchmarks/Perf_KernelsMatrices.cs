namespace VolunteerQuantum.Benchmarks;

/// <summary>Seeded random unitaries for the kernel benchmarks (Gram–Schmidt of a random complex matrix).</summary>
internal static class Perf_KernelsMatrices
{
    public static Complex[] Unitary(int qubits, Random rng)
    {
        var dim = 1 << qubits;
        var cols = new Complex[dim][];
        for (var c = 0; c < dim; c++)
        {
            var v = Enumerable.Range(0, dim).Select(_ => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray();
            for (var p = 0; p < c; p++)
            {
                var dot = Complex.Zero;
                for (var r = 0; r < dim; r++)
                {
                    dot += Complex.Conjugate(cols[p][r]) * v[r];
                }
                for (var r = 0; r < dim; r++)
                {
                    v[r] -= dot * cols[p][r];
                }
            }
            var norm = Math.Sqrt(v.Sum(x => x.Magnitude * x.Magnitude));
            cols[c] = v.Select(x => x / norm).ToArray();
        }
        var m = new Complex[dim * dim];
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                m[(r * dim) + c] = cols[c][r];
            }
        }
        return m;
    }
}
