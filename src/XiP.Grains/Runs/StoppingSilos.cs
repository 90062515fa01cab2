namespace XiP.Grains.Runs;

/// <summary>
/// A batch refused by a silo that is stopping gracefully: the silo took none of the work (the runtime answers such a
/// request before any grain sees it), so the batch goes elsewhere as a hand-over, neither an attempt nor a retry.
/// </summary>
public static class StoppingSilos
{
    // Orleans rejects requests to a stopping silo with this reason; no other rejection says it
    private const string Reason = "Silo stopping";

    public static bool Refused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OrleansMessageRejectionException && e.Message.Contains(Reason, StringComparison.Ordinal))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Refused))
            {
                return true;
            }
        }

        return false;
    }
}
