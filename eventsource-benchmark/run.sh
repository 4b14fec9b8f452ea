#!/usr/bin/env bash
# Builds the benchmark module with the reactor and runs every workload against every
# server. Arguments are passed to BenchmarkRunner, e.g. --servers=starter,mvc --seconds=10.
# W7 and W8c (two starter instances in cluster mode) need a Redis at 127.0.0.1:6379 and
# are skipped with a message without one: --servers=starter --workloads=W7,W8c.
# W8 (many rooms) takes --w8-streams=10000 --w8-rooms=1000 --w8-posts=2000 --w8-senders=8.
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
