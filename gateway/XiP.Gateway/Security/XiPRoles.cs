namespace XiP.Gateway.Security;

/// <summary>The roles a caller may hold and the authorisation policies named after them; each role includes the one before.</summary>
public static class XiPRoles
{
    public const string Viewer = "viewer";
    public const string Trader = "trader";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Trader, Admin];

    /// <summary>The rank of a role (higher includes lower), or -1 for a name that is not a role.</summary>
    public static int Rank(string role) => role switch
    {
        Viewer => 0,
        Trader => 1,
        Admin => 2,
        _ => -1,
    };
}
