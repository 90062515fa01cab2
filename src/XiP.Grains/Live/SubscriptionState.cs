using XiP.Abstractions.Live;

namespace XiP.Grains.Live;

/// <summary>The persisted state of a subscription: what it prices and who made it.</summary>
[GenerateSerializer, Alias("xip.subscription-state")]
public sealed class SubscriptionState
{
    [Id(0)] public SubscriptionDefinition? Definition { get; set; }
}
