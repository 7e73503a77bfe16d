#!/usr/bin/env bash
# Runs the Vigil demo: one node, embedded SQLite under ./data, a simulated plant, the API on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
# dotnet run starts the program in the project's folder: pin the data directory to the repository's ./data
# (a --data given by the caller comes later and wins).
exec dotnet run --project src/Nodes/Vigil.Node -c Release -- demo --data "$PWD/data" "$@"
