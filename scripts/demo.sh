#!/usr/bin/env bash
# Runs the Vigil demo: one node, embedded SQLite under ./data, a simulated plant, the API on 127.0.0.1:8080.
# Extra flags go to `vigil demo` (e.g. --http 127.0.0.1:9090, --seed 7, --data /tmp/vigil).
set -euo pipefail
cd "$(dirname "$0")/.."
# OpenCvSharp's native library (the vision pipeline) links GTK 3; install it where it is missing.
if ! ldconfig -p | grep -q 'libgtk-3\.so\.0'; then
  if [ "$(id -u)" -eq 0 ]; then sudo_=""; else sudo_="sudo"; fi
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends libgtk-3-0 >/dev/null
fi
dotnet build src/Nodes/Vigil.Node -c Release --nologo -v quiet
# The built program is exec'd directly (not through `dotnet run`), so Ctrl+C and SIGTERM reach it and it shuts
# down cleanly; a --data given by the caller comes later and wins over ./data.
exec dotnet src/Nodes/Vigil.Node/bin/Release/net10.0/vigil.dll demo --data "$PWD/data" "$@"
