using BulletinBot.Core.Text;
using System.Globalization;

namespace BulletinBot.Core.Commands;

/// <summary>
/// The one table of commands. The parser, help, the Telegram command menu and the Discord slash
/// commands all read it, so a command is named, described and limited in one place.
/// </summary>
public static class CommandCatalog
{
    public const int DefaultLatest = 5;
    public const int MaxLatest = 20;
    public const int MaxQueryLength = 1000;

    public static CommandSpec Latest { get; } = new(
        "latest", "ultimas", ["last", "new", "recent", "últimas", "ultimos", "últimos"],
        [new("count", ArgumentKind.Number, false, 1, MaxLatest,
            $"How many items, 1 to {MaxLatest} ({DefaultLatest} if not given)", $"Cuántas, de 1 a {MaxLatest} ({DefaultLatest} si no se indica)")],
        $"The newest items, {DefaultLatest} unless you say how many (at most {MaxLatest})",
        $"Las noticias más recientes, {DefaultLatest} salvo que indiques cuántas (hasta {MaxLatest})",
        "latest 10");

    public static CommandSpec Search { get; } = new(
        "search", "buscar", ["find", "s", "busca"],
        [new("query", ArgumentKind.Text, true, 1, MaxQueryLength,
            "Words to find; \"a phrase\", -word to exclude, from:/to: dates", "Palabras; \"una frase\", -palabra para excluir, from:/to: fechas")],
        "Ranked search: all words must match; \"a phrase\", -word excludes, from:/to: filter by date",
        "Búsqueda por relevancia: todas las palabras; \"frase\", -palabra excluye, from:/to: por fecha",
        "search \"law enforcement\" from:2018");

    public static CommandSpec Date { get; } = new(
        "date", "fecha", ["on", "dates"],
        [new("when", ArgumentKind.Text, true, 1, 100,
            "A day, month, year or range: 2018-07-11, July 2018, 2018-01..2018-03", "Un día, mes, año o rango: 2018-07-11, julio de 2018")],
        "Items by date: a day, month, year or range, today or yesterday, in English or Spanish",
        "Noticias por fecha: día, mes, año o rango, hoy o ayer, en español o inglés",
        "date July 2018");

    public static CommandSpec Show { get; } = new(
        "show", "ver", ["get", "open", "mostrar"],
        [new("id", ArgumentKind.Text, true, 4, 16,
            "The item's id (the 7 characters beside every item)", "El id de la noticia (los 7 caracteres junto a cada una)")],
        "One item in full; ids are the 7 characters beside every item",
        "Una noticia completa; el id son los 7 caracteres junto a cada una",
        "show k3j9x2a");

    public static CommandSpec Next { get; } = new(
        "next", "siguiente", ["more", "n", "mas", "más"], [],
        "The next page of the last listing", "La página siguiente del último listado", "next");

    public static CommandSpec Previous { get; } = new(
        "previous", "anterior", ["prev", "back", "atras", "atrás"], [],
        "The page before, in the last listing", "La página anterior del último listado", "previous",
        ListedInMenus: false);

    public static CommandSpec Subscribe { get; } = new(
        "subscribe", "suscribir", ["sub", "suscribirse"],
        [new("filter", ArgumentKind.Text, false, 1, 300,
            "Words an item must match; then backfill: none, last N or since <date>", "Palabras a buscar; luego backfill: none, last N o since <fecha>")],
        "Announce new items in this chat; optional filter words and backfill: none, last N or since <date>",
        "Anunciar noticias nuevas en este chat; filtro opcional y backfill: none, last N o since <fecha>",
        "subscribe migration -visa backfill: last 3");

    public static CommandSpec Subscriptions { get; } = new(
        "subscriptions", "suscripciones", ["subs"], [],
        "This chat's announcement subscriptions, numbered", "Las suscripciones de este chat, numeradas", "subscriptions");

    public static CommandSpec Unsubscribe { get; } = new(
        "unsubscribe", "desuscribir", ["unsub", "cancelar"],
        [new("number", ArgumentKind.Number, true, 1, 100, "Its number in subscriptions", "Su número en suscripciones")],
        "End one of this chat's subscriptions, by its number in subscriptions",
        "Terminar una suscripción de este chat, por su número en suscripciones",
        "unsubscribe 1");

    public static CommandSpec Stats { get; } = new(
        "stats", "estadisticas", ["status", "estadísticas"], [],
        "What the archive holds", "Qué contiene el archivo", "stats");

    public static CommandSpec Help { get; } = new(
        "help", "ayuda", ["start", "?", "commands", "comandos"],
        [new("topic", ArgumentKind.Text, false, 1, 32, "A command to explain", "Un comando a explicar")],
        "The list of commands, or one command explained", "La lista de comandos, o uno explicado", "help search");

    /// <summary>Every command, in the order help lists them.</summary>
    public static IReadOnlyList<CommandSpec> All { get; } = [Latest, Search, Date, Show, Next, Previous, Subscribe, Subscriptions, Unsubscribe, Stats, Help];

    private static readonly Dictionary<string, CommandSpec> ByWord = BuildWords();

    /// <summary>The command a word names: its name, its Spanish name or an alias, in any case.</summary>
    public static CommandSpec? Find(string word) => ByWord.GetValueOrDefault(word);

    /// <summary>
    /// The command that <paramref name="name"/> names, with <paramref name="argument"/> read by that
    /// command's rules: what the parser does after the verb, and what typed options (a Discord slash
    /// command) are turned into.
    /// </summary>
    public static Command Create(string name, string? argument)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = (argument ?? string.Empty).Trim();
        var spec = Find(name.Trim());
        if (spec is null)
        {
            return new InvalidCommand($"I don't know the command {Shorten(name.Trim(), 30)}.", "Type help for the list.");
        }

        return spec.Name switch
        {
            "latest" => CreateLatest(text),
            "search" => new SearchCommand(text),
            "date" => new DateCommand(text),
            "show" => text.Length == 0
                ? new InvalidCommand("Show which item?", "Give its id, like: show k3j9x2a (ids appear in latest, search and date).")
                : new ShowCommand(text.Split(' ', 2)[0]),
            "next" => CreatePaging(text, "next", t => new NextCommand(t)),
            "previous" => CreatePaging(text, "previous", t => new PreviousCommand(t)),
            "help" => new HelpCommand(text.Length == 0 ? null : text),
            "subscribe" => SubscriptionGrammar.Subscribe(text),
            "subscriptions" => new SubscriptionsCommand(),
            "unsubscribe" => SubscriptionGrammar.Unsubscribe(text),
            _ => new StatsCommand(),
        };
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a listing token ("1a2b3c4d").</summary>
    public static bool IsListingToken(string token) => token.Length == 8 && token.All(char.IsAsciiHexDigitLower);

    private static Command CreateLatest(string text)
    {
        if (text.Length == 0)
        {
            return new LatestCommand(DefaultLatest);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? new LatestCommand(count)
            : new InvalidCommand($"latest takes a number of items from 1 to {MaxLatest}.", "Like: latest 10");
    }

    private static Command CreatePaging(string text, string verb, Func<string?, Command> create)
    {
        if (text.Length == 0)
        {
            return create(null);
        }

        return IsListingToken(text)
            ? create(text)
            : new InvalidCommand($"{verb} takes no words.", $"Type {verb} alone to page through your last listing.");
    }

    private static Dictionary<string, CommandSpec> BuildWords()
    {
        var words = new Dictionary<string, CommandSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in All)
        {
            foreach (var word in spec.Aliases.Append(spec.Name).Append(spec.NameEs))
            {
                words.Add(word, spec);
            }
        }

        return words;
    }

    internal static string Shorten(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, TextCut.Floor(text, max)), TextCut.Ellipsis);
}
