using Microsoft.Extensions.DependencyInjection.Extensions;

namespace XiP.Gateway.Security;

/// <summary>Puts a shortcut of the gateway's in front of a service the framework registered, which it still calls.</summary>
internal static class FrameworkServices
{
    /// <summary>
    /// Replaces the registration of <typeparamref name="TService"/> made so far with <paramref name="wrap"/> of an instance
    /// of its implementation, made as the container would make it, with the same lifetime.
    /// </summary>
    public static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> wrap)
        where TService : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TService) && d.ImplementationType is not null)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} is registered by the framework first.");
        var create = ActivatorUtilities.CreateFactory(registered.ImplementationType!, Type.EmptyTypes);
        services.RemoveAll<TService>();
        services.Add(new ServiceDescriptor(typeof(TService), sp => wrap(sp, (TService)create(sp, null)), registered.Lifetime));
    }
}
