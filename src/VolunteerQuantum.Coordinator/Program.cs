using VolunteerQuantum.Coordinator.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddCoordinatorServices();

var app = builder.Build();
app.MapCoordinatorEndpoints();
app.Run();
