using Microsoft.AspNetCore.Builder;
using VolunteerQuantum.Coordinator.Services;
using VolunteerQuantum.Coordinator.Monitoring;

namespace VolunteerQuantum.Coordinator.Extensions;

public static class CoordinatorEndpointExtensions
{
    /// <summary>Maps the four gRPC services, health, reflection and the status pages.</summary>
    public static WebApplication MapCoordinatorEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<VolunteerGrpcService>();
        app.MapGrpcService<ProjectGrpcService>();
        app.MapGrpcService<StatusGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapStatusEndpoints();
        return app;
    }
}
