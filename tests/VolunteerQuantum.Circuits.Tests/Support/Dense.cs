using System.Numerics;

namespace VolunteerQuantum.Circuits.Tests.Support;

/// <summary>Plain dense complex matrices for independent reference computations in tests.</summary>
internal static class Dense
{
    public static Complex[,] Identity(int dim)
    {
        var m = new Complex[dim, dim];
        for (var i = 0; i < dim; i++)
        {
            m[i, i] = 1;
        }
        return m;
    }

    public static Complex[,] Multiply(Complex[,] a, Complex[,] b)
    {
        var n = a.GetLength(0);
        var r = new Complex[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < n; k++)
            {
                var x = a[i, k];
                if (x == Complex.Zero)
                {
                    continue;
                }
                for (var j = 0; j < n; j++)
                {
                    r[i, j] += x * b[k, j];
                }
            }
        }
        return r;
    }

    public static Complex[,] Adjoint(Complex[,] a)
    {
        var n = a.GetLength(0);
        var r = new Complex[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                r[j, i] = Complex.Conjugate(a[i, j]);
            }
        }
        return r;
    }

    public static Complex[,] Scale(Complex[,] a, Complex s)
    {
        var n = a.GetLength(0);
        var r = new Complex[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                r[i, j] = a[i, j] * s;
            }
        }
        return r;
    }

    /// <summary>
    /// A k-qubit matrix <paramref name="m"/> acting on qubits <paramref name="qubits"/> of an n-qubit
    /// space (qubits[j] = matrix index bit j), identity elsewhere.
    /// </summary>
    public static Complex[,] Embed(Complex[,] m, int[] qubits, int n)
    {
        var dim = 1 << n;
        var k = qubits.Length;
        var r = new Complex[dim, dim];
        for (var c = 0; c < dim; c++)
        {
            var local = 0;
            var rest = c;
            for (var j = 0; j < k; j++)
            {
                local |= ((c >> qubits[j]) & 1) << j;
                rest &= ~(1 << qubits[j]);
            }
            for (var lr = 0; lr < 1 << k; lr++)
            {
                var v = m[lr, local];
                if (v == Complex.Zero)
                {
                    continue;
                }
                var row = rest;
                for (var j = 0; j < k; j++)
                {
                    row |= ((lr >> j) & 1) << qubits[j];
                }
                r[row, c] += v;
            }
        }
        return r;
    }

    /// <summary>
    /// ctrl @ m: a new first qubit (index bit 0) controls m on the following ones; with
    /// <paramref name="onOne"/> false it is negctrl (active on |0⟩).
    /// </summary>
    public static Complex[,] Controlled(Complex[,] m, bool onOne)
    {
        var d = m.GetLength(0);
        var r = new Complex[2 * d, 2 * d];
        var active = onOne ? 1 : 0;
        for (var c = 0; c < 2 * d; c++)
        {
            if ((c & 1) != active)
            {
                r[c, c] = 1;
                continue;
            }
            for (var tr = 0; tr < d; tr++)
            {
                r[(tr << 1) | active, c] = m[tr, c >> 1];
            }
        }
        return r;
    }

    public static double MaxDifference(Complex[,] a, Complex[,] b)
    {
        var worst = 0.0;
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                worst = Math.Max(worst, Complex.Abs(a[i, j] - b[i, j]));
            }
        }
        return worst;
    }

    public static Complex[,] FromRows(params Complex[][] rows)
    {
        var n = rows.Length;
        var r = new Complex[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                r[i, j] = rows[i][j];
            }
        }
        return r;
    }
}
