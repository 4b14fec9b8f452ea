#!/usr/bin/env bash
# Builds the benchmark module with the reactor and runs every workload against every
# server. Arguments are passed to BenchmarkRunner, e.g. --servers=starter,mvc --seconds=10.
# W7 (two starter instances in cluster mode) needs a Redis at 127.0.0.1:6379 and is
# skipped with a message without one: --servers=starter --workloads=W7.
# Results go to eventsource-benchmark/results/<date>.md and .jsonl.
set -euo pipefail
module="$(cd "$(dirname "$0")" && pwd)"
cd "$module/.."
ulimit -n "$(ulimit -Hn)"
mvn -B -q -pl eventsource-benchmark -am package -DskipTests
cd "$module"
exec java -Xmx4g -cp "target/classes:$(cat target/classpath.txt)" \
	io.github.eventsource.benchmark.runner.BenchmarkRunner --results=results \
	--jetty-classpath="target/classes:$(cat target/classpath-jetty.txt)" "$@"
