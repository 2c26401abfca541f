#!/usr/bin/env bash
# Benchmarks the event backbone (outbox write overhead, commit->effect latency, plain Kafka baseline) on its own
# embedded PostgreSQL and Kafka. Takes about 3 minutes on 2 cores. See bench/README.md.
#   bench/run-event-backbone.sh [-Dbench.<setting>=<value> ...]   (settings: EventBackboneBenchmark.Settings)
#   BENCH_SKIP_BUILD=1 bench/run-event-backbone.sh                 (reuse the last build)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# A JDK 21 or newer: JAVA_HOME when it is one, else the newest under /usr/lib/jvm (as ./gantry picks it).
select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local major; major="$(java_major "$JAVA_HOME")"
    if [ "${major:-0}" -ge 21 ]; then return; fi
    echo "bench: JAVA_HOME=$JAVA_HOME is Java $major; looking for a JDK 21+ under /usr/lib/jvm" >&2
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/; do
    candidate="${candidate%/}"
    [ -x "$candidate/bin/javac" ] || continue
    [ -L "$candidate" ] && continue
    major="$(java_major "$candidate")"
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  [ -n "$best" ] || { echo "bench: needs a JDK 21 or newer (javac included); set JAVA_HOME to one" >&2; exit 1; }
  export JAVA_HOME="$best"
}

select_jdk
export PATH="$JAVA_HOME/bin:$PATH"
JAVA_MAJOR="$(java_major "$JAVA_HOME")"
JVM_FLAGS=()
if [ "$JAVA_MAJOR" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
  JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "bench: building (Java $JAVA_MAJOR at $JAVA_HOME) ..."
  ./mvnw -B -ntp -q install -DskipTests -pl bench -am
  # The Kafka broker runs from platform/kafka-node/target/node (not a Maven dependency of the benchmark).
  if ! ls platform/kafka-node/target/node/lib/kafka-node*.jar >/dev/null 2>&1; then
    ./mvnw -B -ntp -q install -DskipTests -pl platform/kafka-node
  fi
fi
[ -f bench/target/classpath.txt ] || { echo "bench: bench/target/classpath.txt missing; build first" >&2; exit 1; }

export GANTRY_REPO_ROOT="$ROOT"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xms512m -Xmx1g -Dfile.encoding=UTF-8 "$@" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.gantry.bench.EventBackboneBenchmark
