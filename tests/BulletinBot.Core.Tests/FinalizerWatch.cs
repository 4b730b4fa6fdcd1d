using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

[assembly: BulletinBot.Core.Tests.FinalizerWatch]

namespace BulletinBot.Core.Tests;

/// <summary>
/// A finalizer that throws ends the test host with no word about why (LiteDB's transactions did, when a store was left
/// with one open). With <c>BULLETINBOT_TEST_FINALIZERS=each</c> every test is followed by a full collection and its
/// finalizers, so such a crash lands right after the test that left the object behind, and the exception is written
/// to <c>bulletinbot-test-crash.txt</c> in the temp folder either way.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FinalizerWatchAttribute : BeforeAfterTestAttribute
{
    private static readonly bool Each = Environment.GetEnvironmentVariable("BULLETINBOT_TEST_FINALIZERS") == "each";

    [ModuleInitializer]
    internal static void WatchUnhandled() =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            try
            {
                File.AppendAllText(Path.Combine(Path.GetTempPath(), "bulletinbot-test-crash.txt"), $"{DateTime.UtcNow:O} {Current}\n{e.ExceptionObject}\n\n");
            }
            catch (IOException)
            {
                // Nothing more can be done on the way down.
            }
        };

    private static volatile string? current;

    private static string? Current => current;

    public override void Before(MethodInfo methodUnderTest) => current = $"{methodUnderTest?.DeclaringType?.Name}.{methodUnderTest?.Name}";

    public override void After(MethodInfo methodUnderTest)
    {
        if (Each)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
    }
}
