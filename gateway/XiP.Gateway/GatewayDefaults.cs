namespace XiP.Gateway;

internal static class GatewayDefaults
{
    public const string Url = "http://127.0.0.1:5080";
}
