#!/usr/bin/env bash
# One formatter for the whole tree: google-java-format through Spotless. Fails on any diff.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/env.sh
./mvnw -B -ntp -q spotless:check
