#!/usr/bin/env bash
# Regenerates docs/console-*.png: runs the console's browser tests with VIGIL_SCREENSHOTS pointing at docs/.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build cluster.sln -c Release --nologo -v quiet
VIGIL_SCREENSHOTS="$PWD/docs" dotnet test cluster.sln -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Vigil.Tests.Console.ConsoleBrowserTests"
ls -l docs/console-*.png
