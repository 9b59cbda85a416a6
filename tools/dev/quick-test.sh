#!/usr/bin/env bash
# Fast inner loop for one package while others edit the tree: compiles only the given sources
# (and what they reference, via -sourcepath) into a private folder, then runs the given JUnit 5
# test classes with the console launcher. The full build (./mvnw verify) stays the truth.
#
#   tools/dev/quick-test.sh NAME MODULE 'glob-of-sources' [TestClass ...]
#   e.g. tools/dev/quick-test.sh prep spark-qwenvl 'preprocess/*.java' io.sparkqwenvl.preprocess.SmartResizeTest
set -euo pipefail
name=$1; module=$2; pattern=$3; shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# The core module's test classpath holds every external dependency of every module.
cpfile=/tmp/qwenvl-dev/cp-core.txt
if [ ! -s "$cpfile" ]; then
  mkdir -p /tmp/qwenvl-dev
  mvn -B -q -o -pl spark-qwenvl dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >/dev/null
fi
cp="$(cat "$cpfile")"
launcher=$(ls ~/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.11.4/*.jar)
out=/tmp/qwenvl-dev/$name
rm -rf "$out"; mkdir -p "$out/classes"
srcs=()
for d in main test; do
  while IFS= read -r f; do srcs+=("$f"); done < <(find "$module/src/$d/java" -path "*/$pattern" 2>/dev/null || true)
done
extra_sp=""
for m in spark-qwenvl udfs jobs; do extra_sp="$extra_sp:$m/src/main/java:$m/src/test/java"; done
javac -nowarn -encoding UTF-8 -d "$out/classes" -cp "$cp" -sourcepath "${extra_sp#:}" "${srcs[@]}"
for m in spark-qwenvl udfs jobs; do
  for d in main test; do [ -d "$m/src/$d/resources" ] && cp -r "$m/src/$d/resources/." "$out/classes/"; done
done
[ $# -eq 0 ] && { echo "compiled ${#srcs[@]} sources into $out/classes"; exit 0; }
sel=(); for c in "$@"; do sel+=(--select-class "$c"); done
OPT_OUT_TRACKING=true DJL_OFFLINE=true AWS_EC2_METADATA_DISABLED=true SPARK_LOCAL_IP=127.0.0.1 \
  java -Xmx4g -Dai.djl.offline=true -Djava.awt.headless=true \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  -cp "$out/classes:$cp" -jar "$launcher" execute --class-path "$out/classes:$cp" \
  --disable-banner --details=tree "${sel[@]}"
