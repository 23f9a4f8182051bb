using Grpc.Core;

namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>One coordinator of a <see cref="CoordinatorPool"/>: its place in the list, its address and its channel's invoker.</summary>
public sealed record CoordinatorLink(int Index, string Address, CallInvoker Invoker);
