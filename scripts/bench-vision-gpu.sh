#!/usr/bin/env bash
# The vision benchmark on a GPU machine: builds Vigil, runs `vigil bench vision --device cuda`, prints the figures.
# Needs the .NET 10 SDK (packages restored or a reachable package feed), an NVIDIA driver, and the CUDA 12 and
# cuDNN 9 runtime libraries ONNX Runtime 1.31's CUDA provider loads. Models and media come from ../shared/assets
# (or VIGIL_ASSETS). Where CUDA cannot start, the bench says so and runs on the CPU instead.
# Usage: scripts/bench-vision-gpu.sh [--cameras 1,4,16] [--seconds 10]
set -euo pipefail
cd "$(dirname "$0")/.."

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "warning: nvidia-smi not found: no NVIDIA driver?"
for lib in libcudart.so.12 libcublas.so.12 libcudnn.so.9; do
  ldconfig -p | grep -q "$lib" || echo "warning: $lib not found by ldconfig: ONNX Runtime's CUDA provider will not load (the bench falls back to CPU)"
done
if ! ldconfig -p | grep -q 'libgtk-3\.so\.0'; then
  if [ "$(id -u)" -eq 0 ]; then sudo_=""; else sudo_="sudo"; fi
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends libgtk-3-0 >/dev/null
fi
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is needed (dotnet not on PATH)"; exit 1; }

dotnet build src/Nodes/Vigil.Node -c Release --nologo -v quiet
cd src/Nodes/Vigil.Node
dotnet bin/Release/net10.0/vigil.dll bench vision --device cuda --cameras 1,4,16 "$@"
