using System.Reflection;
using System.Reflection.Emit;

namespace BulletinBot.Core.Tests;

/// <summary>
/// Core's feature rooms (Bulletins, Storage, Search, Commands, Announcing...) depend on each other one way only.
/// A room is the first namespace part after BulletinBot.Core; one room uses another when any of its types names a
/// type of the other in a signature, a field, a base type, a local, or a member its method bodies call or read.
/// </summary>
public sealed class CoreNamespaceTests
{
    private const string Root = "BulletinBot.Core";

    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    [Fact]
    public void Core_rooms_form_no_loop()
    {
        var graph = Graph(typeof(BulletinBot.Core.Bulletins.Bulletin).Assembly);

        var loop = FindLoop(graph);

        Assert.True(loop is null, $"Core's namespaces form a loop: {string.Join(" -> ", loop ?? [])}. {Evidence(graph, loop)}");
    }

    [Fact]
    public void The_check_sees_a_loop_through_a_method_body()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>
        {
            ["A"] = new() { ["B"] = "A.X calls B.Y" },
            ["B"] = new() { ["C"] = "B.Y has a C" },
            ["C"] = new() { ["A"] = "C.Z returns an A" },
            ["D"] = new() { ["A"] = "D uses A" },
        };

        Assert.Equal(["A", "B", "C", "A"], FindLoop(graph));
        Assert.Null(FindLoop(new() { ["A"] = new() { ["B"] = "" }, ["B"] = new() }));
        Assert.Contains(typeof(BulletinBot.Core.Bulletins.Bulletin), Uses(typeof(Probe)).Select(u => u.Type));
    }

    /// <summary>Each room, the rooms it uses, and for each the first use found (to name in a failure).</summary>
    private static Dictionary<string, Dictionary<string, string>> Graph(Assembly assembly)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (Room(type) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var known) ? known : graph[from] = new(StringComparer.Ordinal);
            foreach (var (used, where) in Uses(type))
            {
                if (Room(used) is { } to && to != from)
                {
                    edges.TryAdd(to, $"{type.FullName} {where} {used.FullName}");
                }
            }
        }

        return graph;
    }

    private static string? Room(Type type)
    {
        var name = type.Namespace;
        if (name is null || !name.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name[(Root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static List<(Type Type, string Where)> Uses(Type type)
    {
        var found = new List<(Type Type, string Where)>();
        void Add(Type? used, string where)
        {
            foreach (var each in Unwrap(used))
            {
                found.Add((each, where));
            }
        }

        Add(type.BaseType, "derives from");
        foreach (var contract in type.GetInterfaces())
        {
            Add(contract, "implements");
        }

        foreach (var field in type.GetFields(Everything))
        {
            Add(field.FieldType, "has a field of");
        }

        foreach (var property in type.GetProperties(Everything))
        {
            Add(property.PropertyType, "has a property of");
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType, $"{method.Name} returns");
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType, $"{method.Name} takes");
            }

            foreach (var (used, how) in BodyUses(method))
            {
                Add(used, $"{method.Name} {how}");
            }
        }

        return found;
    }

    /// <summary>The types a method's locals have and the members its IL names (calls, fields, types, tokens).</summary>
    private static IEnumerable<(Type? Type, string How)> BodyUses(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return (local.LocalType, "has a local of");
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? unchecked((short)(0xFE00 | il[at + 1])) : il[at];
            var code = OpCodesByValue[value];
            at += code.Size;
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    member = null;
                }

                switch (member)
                {
                    case Type named:
                        yield return (named, "names");
                        break;
                    case FieldInfo field:
                        yield return (field.DeclaringType, $"reads {field.Name} of");
                        yield return (field.FieldType, "reads a field of");
                        break;
                    case MethodBase called:
                        yield return (called.DeclaringType, $"calls {called.Name} of");
                        if (called is MethodInfo { IsGenericMethod: true } generic)
                        {
                            foreach (var argument in generic.GetGenericArguments())
                            {
                                yield return (argument, "calls with");
                            }
                        }

                        break;
                }
            }

            at += Operand(code.OperandType, il, at);
        }
    }

    private static int Operand(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    /// <summary>A type and every type inside it: element types and generic arguments.</summary>
    private static IEnumerable<Type> Unwrap(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()))
            {
                yield return inner;
            }

            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return inner;
            }
        }
    }

    /// <summary>A loop as its rooms in order, ending where it started; null when there is none.</summary>
    private static List<string>? FindLoop(Dictionary<string, Dictionary<string, string>> graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string room)
        {
            var open = path.IndexOf(room);
            if (open >= 0)
            {
                return [.. path.Skip(open), room];
            }

            if (!done.Add(room))
            {
                return null;
            }

            path.Add(room);
            foreach (var next in graph.TryGetValue(room, out var edges) ? edges.Keys.Order(StringComparer.Ordinal).ToList() : [])
            {
                if (Visit(next) is { } loop)
                {
                    return loop;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        foreach (var room in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(room) is { } loop)
            {
                return loop;
            }
        }

        return null;
    }

    private static string Evidence(Dictionary<string, Dictionary<string, string>> graph, List<string>? loop) =>
        loop is null ? string.Empty : string.Join("; ", loop.Zip(loop.Skip(1), (from, to) => graph[from][to]));

    private static class Probe
    {
        public static int Count() => new List<BulletinBot.Core.Bulletins.Bulletin>().Count;
    }
}
