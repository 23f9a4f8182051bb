using Xunit.Abstractions;
using Xunit.Sdk;

namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>A test class whose store is PostgreSQL: its <see cref="StoreFactAttribute"/> tests are skipped, saying why, without the server binaries.</summary>
public interface INeedsPostgres;

/// <summary>
/// A fact of the store contract, declared once in an abstract class and run for each store its
/// subclasses open; on a PostgreSQL subclass it is skipped where no PostgreSQL binaries exist.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("VolunteerQuantum.Coordinator.Tests.Support.StoreFactDiscoverer", "VolunteerQuantum.Coordinator.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var needsPostgres = typeof(INeedsPostgres).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        yield return new StoreTestCase(diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod,
            needsPostgres ? PostgresCluster.Unavailable : null);
    }
}

public sealed class StoreTestCase : XunitTestCase
{
    private string? _skip;

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string? skip)
        : base(diagnostics, display, options, method)
    {
        _skip = skip;
    }

    protected override string? GetSkipReason(IAttributeInfo factAttribute) => _skip ?? base.GetSkipReason(factAttribute);

    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);
        data.AddValue("Skip", _skip);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _skip = data.GetValue<string?>("Skip");
        base.Deserialize(data);
    }
}
