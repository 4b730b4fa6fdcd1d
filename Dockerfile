# syntax=docker/dockerfile:1
# Multi-stage: restore, test, publish, then a small non-root runtime image.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS restore
WORKDIR /src
# The Dockerfile comes along so that a test can check it names every test project.
COPY global.json Directory.Build.props Directory.Packages.props BulletinBot.slnx .editorconfig README.md Dockerfile ./
COPY src/BulletinBot.Charts/BulletinBot.Charts.csproj src/BulletinBot.Charts/
COPY src/BulletinBot.Core/BulletinBot.Core.csproj src/BulletinBot.Core/
COPY src/BulletinBot.Discord/BulletinBot.Discord.csproj src/BulletinBot.Discord/
COPY src/BulletinBot.Postgres/BulletinBot.Postgres.csproj src/BulletinBot.Postgres/
COPY src/BulletinBot.Telegram/BulletinBot.Telegram.csproj src/BulletinBot.Telegram/
COPY src/BulletinBot/BulletinBot.csproj src/BulletinBot/
COPY tests/BulletinBot.Charts.Tests/BulletinBot.Charts.Tests.csproj tests/BulletinBot.Charts.Tests/
COPY tests/BulletinBot.Core.Tests/BulletinBot.Core.Tests.csproj tests/BulletinBot.Core.Tests/
COPY tests/BulletinBot.Discord.Tests/BulletinBot.Discord.Tests.csproj tests/BulletinBot.Discord.Tests/
COPY tests/BulletinBot.Postgres.Tests/BulletinBot.Postgres.Tests.csproj tests/BulletinBot.Postgres.Tests/
COPY tests/BulletinBot.Telegram.Tests/BulletinBot.Telegram.Tests.csproj tests/BulletinBot.Telegram.Tests/
COPY tests/BulletinBot.Tests/BulletinBot.Tests.csproj tests/BulletinBot.Tests/
RUN dotnet restore src/BulletinBot/BulletinBot.csproj \
 && dotnet restore tests/BulletinBot.Charts.Tests/BulletinBot.Charts.Tests.csproj \
 && dotnet restore tests/BulletinBot.Core.Tests/BulletinBot.Core.Tests.csproj \
 && dotnet restore tests/BulletinBot.Discord.Tests/BulletinBot.Discord.Tests.csproj \
 && dotnet restore tests/BulletinBot.Postgres.Tests/BulletinBot.Postgres.Tests.csproj \
 && dotnet restore tests/BulletinBot.Telegram.Tests/BulletinBot.Telegram.Tests.csproj \
 && dotnet restore tests/BulletinBot.Tests/BulletinBot.Tests.csproj
COPY src/ src/
COPY tests/ tests/
COPY seeds/ seeds/

FROM restore AS test
# The PostgreSQL suites start a throwaway server of their own (as the postgres user, since the stage runs as root).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql && rm -rf /var/lib/apt/lists/*
RUN dotnet test tests/BulletinBot.Charts.Tests --no-restore \
 && dotnet test tests/BulletinBot.Core.Tests --no-restore \
 && dotnet test tests/BulletinBot.Discord.Tests --no-restore \
 && dotnet test tests/BulletinBot.Postgres.Tests --no-restore \
 && dotnet test tests/BulletinBot.Telegram.Tests --no-restore \
 && dotnet test tests/BulletinBot.Tests --no-restore \
 && touch /src/tests-passed

FROM restore AS publish
# The architecture the image is built for (set by BuildKit: amd64, arm64); ReadyToRun code is compiled for
# its runtime, which halves a cold start, and code for another architecture would be ignored.
ARG TARGETARCH
# Depending on the test stage's marker makes the image build fail when a test fails.
COPY --from=test /src/tests-passed /tmp/tests-passed
# The publish restores again for the runtime identifier; the packages are already in the cache.
RUN case "${TARGETARCH:-amd64}" in \
      amd64) rid=linux-x64 ;; \
      arm64) rid=linux-arm64 ;; \
      *) echo "No runtime for TARGETARCH=${TARGETARCH}; build for amd64 or arm64." >&2; exit 1 ;; \
    esac \
 && dotnet publish src/BulletinBot/BulletinBot.csproj -c Release -r "$rid" --self-contained false \
    -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
# No fonts and no fontconfig here: charts are drawn by SkiaSharp's NoDependencies native library
# (runtimes/<rid>/native, published with the app) in the font built into BulletinBot.Charts.
WORKDIR /app
COPY --from=publish /app ./
COPY appsettings.json ./
COPY seeds/ ./seeds/
RUN mkdir -p /app/data && chown -R $APP_UID /app/data
ENV DOTNET_ENVIRONMENT=Production \
    Storage__Path=/app/data/bulletins.db \
    Ingestion__SeedsPath=/app/seeds
# Only the store is a volume: the seeds belong to the image, so an upgraded image brings its own
# (a volume over /app/seeds would keep the first image's pages for good). Mount a folder there for your own.
VOLUME ["/app/data"]
USER $APP_UID
# Healthy when the running bot's store answers, each configured platform is connected and the sources
# were read recently; the health verb asks the bot over the store's local socket.
HEALTHCHECK --interval=60s --timeout=15s --start-period=60s --retries=3 CMD ["dotnet", "BulletinBot.dll", "health"]
# Tokens come from the environment at run time (Telegram__BotToken, Discord__BotToken), never from the image.
ENTRYPOINT ["dotnet", "BulletinBot.dll"]
