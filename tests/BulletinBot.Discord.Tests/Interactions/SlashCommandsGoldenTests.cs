using System.Text.Encodings.Web;
using System.Text.Json;
using BulletinBot.Discord.Interactions;

namespace BulletinBot.Discord.Tests.Interactions;

/// <summary>The slash commands, read from the command catalog, are exactly what they were before the catalog moved into one file per command, with language and chart added since.</summary>
public sealed class SlashCommandsGoldenTests
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void The_registered_commands_are_the_catalog_s_listed_commands_byte_for_byte()
    {
        Assert.Equal(Expected.ReplaceLineEndings("\n"), JsonSerializer.Serialize(SlashCommands.Build(), Json));
    }

    private const string Expected = """
[
  {
    "Name": "latest",
    "NameLocalizations": {
      "es-ES": "ultimas"
    },
    "Description": "The newest items, 5 unless you say how many (at most 20)",
    "DescriptionLocalizations": {
      "es-ES": "Las noticias más recientes, 5 salvo que indiques cuántas (hasta 20)"
    },
    "Options": [
      {
        "Type": 4,
        "Name": "count",
        "Description": "How many items, 1 to 20 (5 if not given)",
        "DescriptionLocalizations": {
          "es-ES": "Cuántas, de 1 a 20 (5 si no se indica)"
        },
        "Required": false,
        "MinValue": 1,
        "MaxValue": 20,
        "MinLength": null,
        "MaxLength": null,
        "Autocomplete": null
      }
    ],
    "Type": 1
  },
  {
    "Name": "search",
    "NameLocalizations": {
      "es-ES": "buscar"
    },
    "Description": "Ranked search: all words must match; \"a phrase\", -word excludes, from:/to: filter by date",
    "DescriptionLocalizations": {
      "es-ES": "Búsqueda por relevancia: todas las palabras; \"frase\", -palabra excluye, from:/to: por fecha"
    },
    "Options": [
      {
        "Type": 3,
        "Name": "query",
        "Description": "Words to find; \"a phrase\", -word to exclude, from:/to: dates",
        "DescriptionLocalizations": {
          "es-ES": "Palabras; \"una frase\", -palabra para excluir, from:/to: fechas"
        },
        "Required": true,
        "MinValue": null,
        "MaxValue": null,
        "MinLength": 1,
        "MaxLength": 1000,
        "Autocomplete": true
      }
    ],
    "Type": 1
  },
  {
    "Name": "date",
    "NameLocalizations": {
      "es-ES": "fecha"
    },
    "Description": "Items by date: a day, month, year or range, today or yesterday, in English or Spanish",
    "DescriptionLocalizations": {
      "es-ES": "Noticias por fecha: día, mes, año o rango, hoy o ayer, en español o inglés"
    },
    "Options": [
      {
        "Type": 3,
        "Name": "when",
        "Description": "A day, month, year or range: 2018-07-11, July 2018, 2018-01..2018-03",
        "DescriptionLocalizations": {
          "es-ES": "Un día, mes, año o rango: 2018-07-11, julio de 2018"
        },
        "Required": true,
        "MinValue": null,
        "MaxValue": null,
        "MinLength": 1,
        "MaxLength": 100,
        "Autocomplete": null
      }
    ],
    "Type": 1
  },
  {
    "Name": "show",
    "NameLocalizations": {
      "es-ES": "ver"
    },
    "Description": "One item in full; ids are the 7 characters beside every item",
    "DescriptionLocalizations": {
      "es-ES": "Una noticia completa; el id son los 7 caracteres junto a cada una"
    },
    "Options": [
      {
        "Type": 3,
        "Name": "id",
        "Description": "The item's id (the 7 characters beside every item)",
        "DescriptionLocalizations": {
          "es-ES": "El id de la noticia (los 7 caracteres junto a cada una)"
        },
        "Required": true,
        "MinValue": null,
        "MaxValue": null,
        "MinLength": 4,
        "MaxLength": 16,
        "Autocomplete": true
      }
    ],
    "Type": 1
  },
  {
    "Name": "next",
    "NameLocalizations": {
      "es-ES": "siguiente"
    },
    "Description": "The next page of the last listing",
    "DescriptionLocalizations": {
      "es-ES": "La página siguiente del último listado"
    },
    "Options": [],
    "Type": 1
  },
  {
    "Name": "subscribe",
    "NameLocalizations": {
      "es-ES": "suscribir"
    },
    "Description": "Announce new items in this chat; optional filter words and backfill: none, last N or since <date>",
    "DescriptionLocalizations": {
      "es-ES": "Anunciar noticias nuevas en este chat; filtro opcional y backfill: none, last N o since <fecha>"
    },
    "Options": [
      {
        "Type": 3,
        "Name": "filter",
        "Description": "Words an item must match; then backfill: none, last N or since <date>",
        "DescriptionLocalizations": {
          "es-ES": "Palabras a buscar; luego backfill: none, last N o since <fecha>"
        },
        "Required": false,
        "MinValue": null,
        "MaxValue": null,
        "MinLength": 1,
        "MaxLength": 300,
        "Autocomplete": null
      }
    ],
    "Type": 1
  },
  {
    "Name": "subscriptions",
    "NameLocalizations": {
      "es-ES": "suscripciones"
    },
    "Description": "This chat's announcement subscriptions, numbered",
    "DescriptionLocalizations": {
      "es-ES": "Las suscripciones de este chat, numeradas"
    },
    "Options": [],
    "Type": 1
  },
  {
    "Name": "unsubscribe",
    "NameLocalizations": {
      "es-ES": "desuscribir"
    },
    "Description": "End one of this chat's subscriptions, by its number in subscriptions",
    "DescriptionLocalizations": {
      "es-ES": "Terminar una suscripción de este chat, por su número en suscripciones"
    },
    "Options": [
      {
        "Type": 4,
        "Name": "number",
        "Description": "Its number in subscriptions",
        "DescriptionLocalizations": {
          "es-ES": "Su número en suscripciones"
        },
        "Required": true,
        "MinValue": 1,
        "MaxValue": 100,
        "MinLength": null,
        "MaxLength": null,
        "Autocomplete": null
      }
    ],
    "Type": 1
  },
  {
    "Name": "stats",
    "NameLocalizations": {
      "es-ES": "estadisticas"
    },
    "Description": "What the archive holds",
    "DescriptionLocalizations": {
      "es-ES": "Qué contiene el archivo"
    },
    "Options": [],
    "Type": 1
  },
  {
    "Name": "sources",
    "NameLocalizations": {
      "es-ES": "fuentes"
    },
    "Description": "The sources, their items and last read; narrow a listing with source:name",
    "DescriptionLocalizations": {
      "es-ES": "Las fuentes, sus noticias y última lectura; limita un listado con source:nombre"
    },
    "Options": [],
    "Type": 1
  },
  {
    "Name": "chart",
    "NameLocalizations": {
      "es-ES": "grafico"
    },
    "Description": "Items per month (per year over long spans) of the whole archive or a search, as a chart",
    "DescriptionLocalizations": {
      "es-ES": "Noticias por mes (por año en periodos largos) de todo el archivo o de una búsqueda, en un gráfico"
    },
    "Options": [
      {
        "Type": 3,
        "Name": "query",
        "Description": "A search to chart (words, \"a phrase\", -word, from:/to:); none charts the whole archive",
        "DescriptionLocalizations": {
          "es-ES": "Una búsqueda (palabras, \"frase\", -palabra, from:/to:); sin ella, todo el archivo"
        },
        "Required": false,
        "MinValue": null,
        "MaxValue": null,
        "MinLength": 1,
        "MaxLength": 1000,
        "Autocomplete": null
      }
    ],
    "Type": 1
  },
  {
    "Name": "language",
    "NameLocalizations": {
      "es-ES": "idioma"
    },
    "Description": "The language this chat reads, or a new one (en, es, fr, pt)",
    "DescriptionLocalizations": {
      "es-ES": "El idioma de este chat, o uno nuevo (en, es, fr, pt)"
    },
    "Options": [
      {
        "Type": 3,
        "Name": "code",
        "Description": "A language code: en, es, fr, pt",
        "DescriptionLocalizations": {
          "es-ES": "Un código de idioma: en, es, fr, pt"
        },
        "Required": false,
        "MinValue": null,
        "MaxValue": null,
        "MinLength": 2,
        "MaxLength": 16,
        "Autocomplete": null
      }
    ],
    "Type": 1
  },
  {
    "Name": "help",
    "NameLocalizations": {
      "es-ES": "ayuda"
    },
    "Description": "The list of commands, or one command explained",
    "DescriptionLocalizations": {
      "es-ES": "La lista de comandos, o uno explicado"
    },
    "Options": [
      {
        "Type": 3,
        "Name": "topic",
        "Description": "A command to explain",
        "DescriptionLocalizations": {
          "es-ES": "Un comando a explicar"
        },
        "Required": false,
        "MinValue": null,
        "MaxValue": null,
        "MinLength": 1,
        "MaxLength": 32,
        "Autocomplete": null
      }
    ],
    "Type": 1
  }
]
""";
}
