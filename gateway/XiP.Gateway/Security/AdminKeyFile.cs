using System.Security.Cryptography;

namespace XiP.Gateway.Security;

/// <summary>
/// The admin key an embedded gateway makes for itself when no key is configured: written once to
/// <c>&lt;DataDirectory&gt;/admin.key</c>, readable by its owner only, and read again on later starts.
/// </summary>
public static class AdminKeyFile
{
    public const string FileName = "admin.key";
    public const string KeyName = "admin";

    public static string PathIn(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, FileName));

    /// <summary>The key in the file, made first when there is none.</summary>
    public static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = "xip_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // created owner-only, never readable by others even for a moment
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.Write(key);
            writer.Write('\n');
        }

        if (!OperatingSystem.IsWindows())
        {
            // a file that was there but empty keeps its old mode otherwise
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
