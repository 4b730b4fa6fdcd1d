using System.Collections.Concurrent;
using System.Diagnostics;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// A child process of this binary that the parent talks to: one command a line on its stdin, one reply a line on its
/// stdout (a reply starts with <c>@</c>; every other line goes to the log, as <see cref="ChildProcess"/> forwards it).
/// </summary>
internal sealed class TalkingChild : IDisposable
{
    private const string Exited = "@exited";
    private readonly Process process;
    private readonly BlockingCollection<string> replies = [];

    private TalkingChild(string label, IEnumerable<string> arguments, TextWriter log)
    {
        Label = label;
        process = new Process { StartInfo = ChildProcess.StartInfo(arguments) };
        process.StartInfo.RedirectStandardInput = true;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                replies.Add(Exited);
            }
            else if (e.Data.StartsWith('@'))
            {
                replies.Add(e.Data);
            }
            else
            {
                ChildProcess.Forward(label, e.Data, error: false, log);
            }
        };
        process.ErrorDataReceived += (_, e) => ChildProcess.Forward(label, e.Data, error: true, log);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Label { get; }

    public static TalkingChild Start(string label, IEnumerable<string> arguments, TextWriter log) => new(label, arguments, log);

    /// <summary>The child's next reply; null once it has exited (it failed; its exit code says how).</summary>
    public string? Next()
    {
        var reply = replies.Take();
        if (reply == Exited)
        {
            replies.Add(Exited);
            return null;
        }

        return reply;
    }

    /// <summary>Sends <paramref name="command"/> and returns the reply; null once the child has exited.</summary>
    public string? Ask(string command)
    {
        try
        {
            process.StandardInput.WriteLine(command);
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            return null;
        }

        return Next();
    }

    /// <summary>Tells the child that every phase is over and waits for it to write its result and exit.</summary>
    public int End()
    {
        try
        {
            process.StandardInput.WriteLine("end");
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Exited already; its exit code says how.
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        replies.Dispose();
    }
}
