using VolunteerQuantum.Coordinator.Credit;

namespace VolunteerQuantum.Coordinator.Tests.Credit;

/// <summary>Credit is the unit's estimated work in units of 10⁹ amplitude updates, whatever a volunteer claims.</summary>
public sealed class CreditRuleTests
{
    [Theory]
    [InlineData(1e9, 1)]
    [InlineData(2.5e9, 2.5)]
    // 40 gates on 30 qubits: 40 · 2³⁰ amplitude updates.
    [InlineData(40 * 1073741824.0, 42.94967296)]
    [InlineData(8, 8e-9)]
    public void ForCost_ProportionalToEstimatedWork(double cost, double credit) =>
        Assert.Equal(credit, CreditRule.ForCost(cost), 1e-12 * Math.Max(1, credit));

    [Fact]
    public void ForCost_TwiceTheWork_TwiceTheCredit() =>
        Assert.Equal(2 * CreditRule.ForCost(3.7e11), CreditRule.ForCost(7.4e11), 1e-12);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ForCost_NoOrNonsenseWork_NoCredit(double cost) => Assert.Equal(0, CreditRule.ForCost(cost));
}
