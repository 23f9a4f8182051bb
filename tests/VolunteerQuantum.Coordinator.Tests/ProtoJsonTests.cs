using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VolunteerQuantum.Protos;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>vq --json and /status: 64-bit counts are JSON numbers, everything else as the proto3 mapping has it.</summary>
public sealed class ProtoJsonTests
{
    [Fact]
    public void Format_Int64CountsAreNumbers_NestedAndRepeated_TimestampsStayStrings()
    {
        var status = new GridStatus
        {
            Now = Timestamp.FromDateTime(new DateTime(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc)),
            Verification = new VerificationOutcomes { Agreements = 12_345_678_901, Errors = 0 },
            PausedHosts = { new PausedHost { HostId = "h1", Reason = "busy µ" } },
        };
        using var json = JsonDocument.Parse(ProtoJson.Format(status));
        var verification = json.RootElement.GetProperty("verification");
        Assert.Equal(JsonValueKind.Number, verification.GetProperty("agreements").ValueKind);
        Assert.Equal(12_345_678_901, verification.GetProperty("agreements").GetInt64());
        Assert.Equal(0, verification.GetProperty("errors").GetInt64()); // defaults are written too
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("now").ValueKind);
        Assert.Equal("busy µ", json.RootElement.GetProperty("pausedHosts")[0].GetProperty("reason").GetString());
        // Still proto3 JSON: protobuf's own parser reads it back.
        Assert.Equal(status, JsonParser.Default.Parse<GridStatus>(ProtoJson.Format(status)));
    }

    [Fact]
    public void Format_RepeatedMessagesWithInt64_AllConverted()
    {
        var list = new ListHostsResponse { Hosts = { new HostInfo { HostId = "a", MemoryBytes = 8L << 30 }, new HostInfo { HostId = "b", MemoryBytes = 1 } } };
        using var json = JsonDocument.Parse(ProtoJson.Format(list));
        var memory = json.RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("memoryBytes")).ToArray();
        Assert.All(memory, m => Assert.Equal(JsonValueKind.Number, m.ValueKind));
        Assert.Equal([8L << 30, 1L], memory.Select(m => m.GetInt64()));
    }
}
