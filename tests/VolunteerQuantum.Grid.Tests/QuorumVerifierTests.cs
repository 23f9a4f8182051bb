using System.Numerics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Verification;

namespace VolunteerQuantum.Grid.Tests;

public sealed class QuorumVerifierTests
{
    private static readonly QuorumVerifier Verifier = new(new ResultComparer(FloatTolerance.ForGates(100, singlePrecision: false)));

    private static ReplicaResult Counts(string id, long zeros, string? blob = null) =>
        new(id, "host-" + id, new UnitResult
        {
            Counts = new Dictionary<string, long> { ["0"] = zeros, ["1"] = 100 - zeros },
            StateBlob = blob,
        });

    [Fact]
    public void Decide_FewerThanQuorum_Waits()
    {
        var d = Verifier.Decide([Counts("a", 50)], minQuorum: 2, maxReplicas: 5, wantsState: false);
        Assert.Equal(VerificationOutcome.Wait, d.Outcome);
    }

    [Fact]
    public void Decide_TwoAgree_VerifiedWithTheFirstAsCanonical()
    {
        var d = Verifier.Decide([Counts("a", 50), Counts("b", 50)], 2, 5, false);
        Assert.Equal(VerificationOutcome.Verified, d.Outcome);
        Assert.Equal("a", d.CanonicalReplicaId);
        Assert.Equal(["a", "b"], d.ValidReplicaIds);
        Assert.Empty(d.InvalidReplicaIds);
    }

    [Fact]
    public void Decide_TwoDisagree_AsksForAThird_ThenTheMajorityWins()
    {
        var first = Verifier.Decide([Counts("liar", 49), Counts("b", 50)], 2, 5, false);
        Assert.Equal(VerificationOutcome.NeedMoreReplicas, first.Outcome);
        Assert.Equal(3, first.ReplicasWanted);
        Assert.Equal("counts differ", first.Reason);

        var second = Verifier.Decide([Counts("liar", 49), Counts("b", 50), Counts("c", 50)], 2, 5, false);
        Assert.Equal(VerificationOutcome.Verified, second.Outcome);
        Assert.Equal("b", second.CanonicalReplicaId);
        Assert.Equal(["liar"], second.InvalidReplicaIds);
    }

    [Fact]
    public void Decide_HalfAgree_IsNotAStrictMajority()
    {
        var d = Verifier.Decide([Counts("a", 50), Counts("b", 50), Counts("c", 49), Counts("d", 48)], 2, 5, false);
        Assert.Equal(VerificationOutcome.NeedMoreReplicas, d.Outcome);
        Assert.Equal(5, d.ReplicasWanted);
    }

    [Fact]
    public void Decide_NoMajorityAtMaxReplicas_FailsWithReason()
    {
        var d = Verifier.Decide([Counts("a", 50), Counts("b", 49), Counts("c", 48)], 2, 3, false);
        Assert.Equal(VerificationOutcome.Failed, d.Outcome);
        Assert.Contains("no strict majority among 3 results", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MajorityWithoutAnUploadedState_AsksForAnUploadingReplica()
    {
        // The uploader lied and was outvoted; the honest majority only sketched its state.
        var d = Verifier.Decide([Counts("liar", 49, blob: "x"), Counts("b", 50), Counts("c", 50)], 2, 5, wantsState: true);
        Assert.Equal(VerificationOutcome.NeedMoreReplicas, d.Outcome);
        Assert.True(d.NeedsStateUpload);
        var later = Verifier.Decide([Counts("liar", 49, blob: "x"), Counts("b", 50), Counts("c", 50), Counts("d", 50, blob: "y")], 2, 5, wantsState: true);
        Assert.Equal(VerificationOutcome.Verified, later.Outcome);
        Assert.Equal("d", later.CanonicalReplicaId);
    }

    [Fact]
    public void Decide_QuorumOfOne_VerifiesALoneResult()
    {
        var d = Verifier.Decide([Counts("a", 50)], 1, 1, false);
        Assert.Equal(VerificationOutcome.Verified, d.Outcome);
    }
}
