using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using XiP.Tests;

namespace XiP.Hosting.Tests;

/// <summary>The ports test hosts reserve, as the scripts in infra/scripts see them.</summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public async Task A_reserved_port_is_locked_against_the_scripts_and_still_free_for_its_host()
    {
        var port = LoopbackPorts.Reserve();

        // reserve_port (infra/scripts/ports.sh) takes a port only when flock gets its lock file
        var start = new ProcessStartInfo("flock") { UseShellExecute = false };
        foreach (var argument in new[] { "-n", Path.Combine(Path.GetTempPath(), "xip-test-ports", $"{port}.lock"), "true" })
        {
            start.ArgumentList.Add(argument);
        }

        using var flock = Process.Start(start)!;
        await flock.WaitForExitAsync();
        Assert.Equal(1, flock.ExitCode);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        Assert.InRange(port, 20_000, 31_999);
    }
}
