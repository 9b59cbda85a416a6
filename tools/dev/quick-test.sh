#!/usr/bin/env bash
# Fast inner loop for one package while others edit the tree: compiles only the given sources
# (and what they reference, via -sourcepath) into a private folder, then runs the given JUnit 5
# test classes with the console launcher. The full build (./mvnw verify) stays the truth.
# Classes that are loaded by name, so no source references them (META-INF/services providers such
# as the qwenvl data source and the session extension; classes named in strings such as
# spark.plugins) are compiled too, each on its own when the set fails, and service entries whose
# class did not compile are dropped (a missing provider class would make ServiceLoader, and with
# it every Spark session, fail).
#
#   tools/dev/quick-test.sh NAME MODULE 'glob-of-sources' [TestClass | TestClass#method ...]
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
sp="${extra_sp#:}"
javac -nowarn -encoding UTF-8 -d "$out/classes" -cp "$cp" -sourcepath "$sp" "${srcs[@]}"
# Resources; services files of the same name from several modules are merged, not overwritten.
svc="$out/classes/META-INF/services"
for m in spark-qwenvl udfs jobs; do
  for d in main test; do [ -d "$m/src/$d/resources" ] && cp -r "$m/src/$d/resources/." "$out/classes/"; done
done
rm -rf "$svc"
for f in {spark-qwenvl,udfs,jobs}/src/{main,test}/resources/META-INF/services/*; do
  [ -f "$f" ] || continue
  mkdir -p "$svc"; sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$f" >> "$svc/$(basename "$f")"
done
# Classes loaded by name: service providers, and our classes named in string literals (Spark
# settings such as spark.plugins or spark.sql.extensions). Their sources, if any, are compiled
# after the rest (one by one if together they fail).
for f in "$svc"/*; do if [ -f "$f" ]; then sort -u -o "$f" "$f"; fi; done
named=$( { cat "$svc"/* 2>/dev/null || true
  grep -rhE --include='*.java' '"[^"]*io\.sparkqwenvl\.' {spark-qwenvl,udfs,jobs}/src/{main,test}/java 2>/dev/null |
    grep -vE '^\s*(import|package|\*|//)' |
    grep -oE 'io\.sparkqwenvl(\.[a-z0-9_]+)+\.[A-Z][A-Za-z0-9_]*' || true; } | sort -u)
providers=()
for c in $named; do
  [ -f "$out/classes/${c//.//}.class" ] && continue
  for m in spark-qwenvl udfs jobs; do
    for d in main test; do
      j="$m/src/$d/java/${c//.//}.java"; [ -f "$j" ] && providers+=("$j")
    done
  done
done
if [ ${#providers[@]} -gt 0 ]; then
  pcp="$out/classes:$cp"
  if ! javac -nowarn -encoding UTF-8 -d "$out/classes" -cp "$pcp" -sourcepath "$sp" \
      "${providers[@]}" 2>"$out/providers.log"; then
    for j in "${providers[@]}"; do
      javac -nowarn -encoding UTF-8 -d "$out/classes" -cp "$pcp" -sourcepath "$sp" "$j" \
        2>>"$out/providers.log" || echo "quick-test: $j (loaded by name) does not compile, see $out/providers.log" >&2
    done
  fi
fi
for f in "$svc"/*; do
  [ -f "$f" ] || continue
  while IFS= read -r c; do
    [ -f "$out/classes/${c//.//}.class" ] ||
      { echo "quick-test: dropping service entry $c (not compiled)" >&2; sed -i "\|^$c\$|d" "$f"; }
  done < <(cat "$f")
done
[ $# -eq 0 ] && { echo "compiled ${#srcs[@]} sources into $out/classes"; exit 0; }
# A test is a class name, or Class#method for one method.
sel=(); for c in "$@"; do
  case "$c" in *'#'*) sel+=(--select-method "$c") ;; *) sel+=(--select-class "$c") ;; esac
done
OPT_OUT_TRACKING=true DJL_OFFLINE=true AWS_EC2_METADATA_DISABLED=true SPARK_LOCAL_IP=127.0.0.1 \
  java -Xmx4g -Dai.djl.offline=true -Djava.awt.headless=true \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  -cp "$out/classes:$cp:$launcher" org.junit.platform.console.ConsoleLauncher execute \
  --disable-banner --details=tree "${sel[@]}"
