using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>Maps a computed unit to the wire result header.</summary>
internal static class ResultMapping
{
    public static ResultHeader Header(string replicaId, UnitOutcome outcome)
    {
        var r = outcome.Result;
        var header = new ResultHeader
        {
            ReplicaId = replicaId,
            Outcome = ResultOutcome.Success,
            NormSquared = double.IsNaN(r.NormSquared) ? 0 : r.NormSquared,
            StateLength = outcome.StateLength,
            StateFormat = outcome.StateFormat ?? "",
            GatesApplied = r.GatesApplied,
            PathAbsSum = r.PathAbsSum,
            ComputeSeconds = r.ComputeSeconds,
        };
        header.Counts.AddRange(r.Counts.Select(kv => new CountEntry { Key = kv.Key, Count = kv.Value }));
        header.Amplitudes.AddRange(r.Amplitudes.Select(kv => new AmplitudeEntry { Bitstring = kv.Key, Value = new ComplexNumber { Re = kv.Value.Real, Im = kv.Value.Imaginary } }));
        header.Expectations.AddRange(r.Expectations.Select(kv => new ExpectationEntry { Observable = kv.Key, Value = kv.Value }));
        header.Moments.AddRange(r.Moments.Select(kv => new ExpectationMoments { Observable = kv.Key, Count = kv.Value.Count, Sum = kv.Value.Sum, SumOfSquares = kv.Value.SumOfSquares }));
        header.Sketches.AddRange(r.Sketches.Select(s => new ComplexNumber { Re = s.Real, Im = s.Imaginary }));
        return header;
    }
}
