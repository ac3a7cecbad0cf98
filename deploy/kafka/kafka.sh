#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, broker + controller) on loopback, for tests, CI and
# local development on machines without Docker.
#
#   deploy/kafka/kafka.sh start [port]    fetch the jars once, format on first use, start, wait until ready
#   deploy/kafka/kafka.sh stop [port]     stop it (its data survives for the next start)
#   deploy/kafka/kafka.sh status [port]   exit 0 when it is running and accepting connections
#   deploy/kafka/kafka.sh reset [port]    stop it and delete its data
#   deploy/kafka/kafka.sh lib             fetch the jars if needed and print their folder (for tools)
#
# The port defaults to 9092 (KAFKA_PORT overrides); the controller listens on port + 1. Jars come from
# Maven Central via deploy/kafka/pom.xml into deploy/kafka/.cache/lib; each port keeps its own log
# directory under deploy/kafka/.cache/broker-<port> (KAFKA_STATE_DIR puts those elsewhere).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command="${1:-}"
port="${2:-${KAFKA_PORT:-9092}}"
controller_port=$((port + 1))
lib="$here/.cache/lib"
home="${KAFKA_STATE_DIR:-$here/.cache}/broker-$port"
pid_file="$home/kafka.pid"
out_file="$home/kafka.out"
start_timeout="${KAFKA_START_TIMEOUT:-90}"

say() { echo "kafka.sh: $*" >&2; }

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

fetch_jars() {
  if [[ -f "$lib/.complete" && "$lib/.complete" -nt "$here/pom.xml" ]]; then return; fi
  command -v java >/dev/null || { say "java is not installed (Kafka needs Java 17+)"; exit 1; }
  command -v mvn >/dev/null || { say "mvn is not installed (it fetches Kafka's jars from Maven Central)"; exit 1; }
  say "fetching Kafka's jars from Maven Central into $lib (once)"
  rm -rf "$lib"
  mkdir -p "$lib"
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$lib" >&2
  touch "$lib/.complete"
}

write_config() {
  mkdir -p "$home/logs"
  # Every internal topic is set to one replica: the defaults (3) leave a single broker without a
  # group coordinator, so consumer groups never join (kafkajs#1752).
  cat >"$home/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$home/logs
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
EOF
}

format_once() {
  [[ -f "$home/logs/meta.properties" ]] && return
  local cluster_id
  cluster_id="$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  say "formatting a new KRaft log directory $home/logs (cluster $cluster_id)"
  java -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$home/server.properties" \
    --ignore-formatted >>"$out_file" 2>&1 || { say "format failed:"; tail -n 40 "$out_file" >&2; exit 1; }
}

start() {
  if pid="$(running_pid)"; then
    if accepts "$port"; then say "already running on 127.0.0.1:$port (pid $pid)"; return; fi
    say "pid $pid is alive but 127.0.0.1:$port does not answer; stop it first"; exit 1
  fi
  for p in "$port" "$controller_port"; do
    if accepts "$p"; then say "port $p is taken by another process; pick another: kafka.sh start <port>"; exit 1; fi
  done
  fetch_jars
  write_config
  : >"$out_file"
  format_once
  say "starting on 127.0.0.1:$port"
  nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true \
    -cp "$lib/*" kafka.Kafka "$home/server.properties" >>"$out_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local deadline=$((SECONDS + start_timeout))
  until accepts "$port" && grep -q "Kafka Server started\|\[KafkaRaftServer nodeId=1\] Kafka Server started" "$out_file"; do
    if ! running_pid >/dev/null; then
      say "the broker exited during start; the end of its log:"; tail -n 40 "$out_file" >&2; exit 1
    fi
    if ((SECONDS >= deadline)); then
      say "not ready after ${start_timeout}s; the end of its log:"; tail -n 40 "$out_file" >&2
      stop; exit 1
    fi
    sleep 0.5
  done
  say "ready on 127.0.0.1:$port (pid $(cat "$pid_file"), log $out_file)"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then say "not running on port $port"; rm -f "$pid_file"; return; fi
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; say "stopped (port $port)"; return; }
    sleep 0.5
  done
  say "still running after 30 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

status() {
  local pid
  if pid="$(running_pid)" && accepts "$port"; then
    echo "running on 127.0.0.1:$port (pid $pid)"
  else
    echo "not running on port $port"; exit 1
  fi
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  lib) fetch_jars; echo "$lib" ;;
  reset) stop; rm -rf "$home"; say "deleted $home" ;;
  *) echo "usage: $0 start|stop|status|reset [port] | lib" >&2; exit 2 ;;
esac
