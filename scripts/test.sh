#!/usr/bin/env bash
# Builds and runs the whole test suite (unit tests + Tansu broker integration tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${STREAMRUN_TOOLS:-/opt/streamrun-tools}/bin:$PATH"
swift build --build-tests
swift test
