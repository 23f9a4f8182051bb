using System.Security.Cryptography;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Verification;

/// <summary>
/// Secret sketch seeds, one slot per replica: "never give the checked party the check". A replica
/// sketches its state with the seeds of its own slot; the coordinator sketches every uploaded
/// state with every slot. So an uploader knows the seeds of one slot only, and a forged state
/// built to match those (a vector in their null space) still disagrees with every other
/// replica's sketches. One slot, the audit slot, is never handed to a volunteer: two uploads can
/// always be compared under seeds no volunteer has seen.
/// </summary>
public static class SeedSlots
{
    /// <summary>Slots made when a unit is first handed out: the quorum's, one spare, the audit slot.</summary>
    public static int InitialSlots(int minQuorum) => Math.Max(1, minQuorum) + 2;

    /// <summary>Fills the pool the first time the unit is handed out, when nobody can know the seeds in advance.</summary>
    public static void EnsurePool(UnitRecord unit, int minQuorum, int sketchCount)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (unit.SeedPool.Count > 0)
        {
            return;
        }
        var slots = InitialSlots(minQuorum);
        unit.SeedPool = NewSeeds(slots * sketchCount);
        unit.AuditSlotIndex = slots - 1;
    }

    /// <summary>The next slot for a volunteer's replica, never the audit slot; appends a slot when the pool is used up.</summary>
    public static int Issue(UnitRecord unit, int sketchCount)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var slot = unit.SeedSlotsIssued;
        if (slot >= unit.AuditSlotIndex)
        {
            slot++;
        }
        while ((slot + 1) * sketchCount > unit.SeedPool.Count)
        {
            unit.SeedPool.AddRange(NewSeeds(sketchCount));
        }
        unit.SeedSlotsIssued++;
        return slot;
    }

    public static int SlotCount(UnitRecord unit, int sketchCount) => unit.SeedPool.Count / sketchCount;

    public static ulong[] Seeds(UnitRecord unit, int slot, int sketchCount)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return slot < 0 ? [] : [.. unit.SeedPool.Skip(slot * sketchCount).Take(sketchCount)];
    }

    private static List<ulong> NewSeeds(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)))];
}
