using System.Text.Json;

namespace XiP.Client;

/// <summary>What storing one trade did; <see cref="Changed"/> is true when a new version was written.</summary>
public sealed record TradeVersion(string TradeId, int Version, string Book, bool Changed);

/// <summary>What a bulk upload did: <see cref="Created"/> new trades and <see cref="Changed"/> new versions out of <see cref="Stored"/>.</summary>
public sealed record TradeUpload(int Stored, int Created, int Changed)
{
    /// <summary>Trades identical to their current version.</summary>
    public int Unchanged => Stored - Created - Changed;
}

/// <summary>A stored trade at one version; <see cref="Trade"/> is in the contract's trade shape.</summary>
public sealed record StoredTrade(string TradeId, int Version, string Book, DateTimeOffset StoredAt, JsonElement Trade);
