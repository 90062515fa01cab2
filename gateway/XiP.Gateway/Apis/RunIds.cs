using System.Security.Cryptography;
using System.Text;

namespace XiP.Gateway.Apis;

/// <summary>Run ids: derived from the client's id when one is given (so a resubmission reaches the same run), random otherwise.</summary>
public static class RunIds
{
    public static string For(string? clientRunId)
    {
        if (clientRunId is null)
        {
            return "run-" + Guid.NewGuid().ToString("N");
        }

        if (ResourceIds.IsValid("run-" + clientRunId))
        {
            return "run-" + clientRunId;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(clientRunId));
        return "run-c" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
