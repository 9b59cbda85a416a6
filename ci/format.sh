#!/usr/bin/env bash
# Rewrites every Java file with google-java-format (what ci/format-check.sh enforces).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q spotless:apply
