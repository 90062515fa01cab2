using System.Net;
using System.Net.Sockets;

namespace XiP.Tests;

/// <summary>
/// TCP ports on 127.0.0.1 for hosts that must be given theirs before they start: an Orleans silo advertises its silo
/// and gateway ports in membership, so it cannot bind port 0 and say afterwards what it got. (An HTTP server can:
/// bind it to port 0 and read the address back from <c>IServerAddressesFeature</c>.)
/// </summary>
/// <remarks>
/// Binding port 0, closing the socket and passing the number on leaves the port to anyone until the host binds it, and
/// parallel test hosts' own binds to port 0 and the local ports of every outgoing connection are drawn from that same
/// ephemeral range (Linux: 32768–60999). These ports come from below it. Each is reserved by an exclusive lock on a
/// file named after it in one directory shared by every test process and by <c>infra/scripts</c>
/// (<c>reserve_port</c> in <c>ports.sh</c>), held until this process exits, so no two of them ever hand out the same
/// port; a port that something else already listens on fails the trial bind and is passed over.
/// </remarks>
internal static class LoopbackPorts
{
    private const int First = 20_000;
    private const int Count = 12_000;

    private static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "xip-test-ports");

    // the open lock files: the reservations last as long as the process
    private static readonly List<FileStream> Held = [];

    /// <summary>A port no other test process or script has been given and nothing listens on, kept for this process alone.</summary>
    public static int Reserve()
    {
        Directory.CreateDirectory(LockDirectory);
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = First + Random.Shared.Next(Count);
            FileStream reservation;
            try
            {
                // FileShare.None takes an exclusive flock: it fails while any process, this one included, holds the port
                reservation = new FileStream(Path.Combine(LockDirectory, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue;
            }

            if (!CanBind(port))
            {
                reservation.Dispose();
                continue;
            }

            lock (Held)
            {
                Held.Add(reservation);
            }

            return port;
        }

        throw new InvalidOperationException($"No port between {First} and {First + Count - 1} is free to reserve (lock files in {LockDirectory}).");
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
