using BulletinBot.Telegram.Chat;

namespace BulletinBot.Telegram.Tests.Chat;

/// <summary>The command menu, read from the command catalog, says exactly what it said before the catalog moved into one file per command, with language and chart added since.</summary>
public sealed class CommandMenuTests
{
    private const string English = """
latest: The newest items, 5 unless you say how many (at most 20)
search: Ranked search: all words must match; "a phrase", -word excludes, from:/to: filter by date
date: Items by date: a day, month, year or range, today or yesterday, in English or Spanish
show: One item in full; ids are the 7 characters beside every item
next: The next page of the last listing
subscribe: Announce new items in this chat; optional filter words and backfill: none, last N or since <date>
subscriptions: This chat's announcement subscriptions, numbered
unsubscribe: End one of this chat's subscriptions, by its number in subscriptions
stats: What the archive holds
sources: The sources, their items and last read; narrow a listing with source:name
chart: Items per month (per year over long spans) of the whole archive or a search, as a chart
language: The language this chat reads, or a new one (en, es, fr, pt)
help: The list of commands, or one command explained
""";

    private const string Spanish = """
latest: Las noticias más recientes, 5 salvo que indiques cuántas (hasta 20)
search: Búsqueda por relevancia: todas las palabras; "frase", -palabra excluye, from:/to: por fecha
date: Noticias por fecha: día, mes, año o rango, hoy o ayer, en español o inglés
show: Una noticia completa; el id son los 7 caracteres junto a cada una
next: La página siguiente del último listado
subscribe: Anunciar noticias nuevas en este chat; filtro opcional y backfill: none, last N o since <fecha>
subscriptions: Las suscripciones de este chat, numeradas
unsubscribe: Terminar una suscripción de este chat, por su número en suscripciones
stats: Qué contiene el archivo
sources: Las fuentes, sus noticias y última lectura; limita un listado con source:nombre
chart: Noticias por mes (por año en periodos largos) de todo el archivo o de una búsqueda, en un gráfico
language: El idioma de este chat, o uno nuevo (en, es, fr, pt)
help: La lista de comandos, o uno explicado
""";

    [Fact]
    public void The_menu_is_the_catalog_s_listed_commands_word_for_word()
    {
        Assert.Equal(English.ReplaceLineEndings("\n"), Menu(spanish: false));
        Assert.Equal(Spanish.ReplaceLineEndings("\n"), Menu(spanish: true));
    }

    private static string Menu(bool spanish) =>
        string.Join('\n', CommandMenu.Commands(spanish).Select(command => $"{command.Command}: {command.Description}"));
}
