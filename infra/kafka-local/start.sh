#!/usr/bin/env bash
# Starts a single-node Apache Kafka (KRaft: broker + controller in one JVM) on loopback,
# from the official Maven artifacts, and waits until it answers a metadata request.
#
#   bash infra/kafka-local/start.sh        # -> "kafka ready at 127.0.0.1:9092"
#   bash infra/kafka-local/stop.sh
#
# Environment:
#   KAFKA_BROKERS          if set, a broker runs elsewhere: do nothing.
#   VELO_KAFKA_DIR         state folder (default <repo>/.velo/kafka)
#   VELO_KAFKA_PORT        client port (default 9092); the controller uses the next port.
#   VELO_KAFKA_HEAP        JVM heap (default 512m)
set -euo pipefail

if [[ -n "${KAFKA_BROKERS:-}" ]]; then
  echo "KAFKA_BROKERS is set (${KAFKA_BROKERS}); not starting a local broker"
  exit 0
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE_DIR="${VELO_KAFKA_DIR:-$ROOT/.velo/kafka}"
PORT="${VELO_KAFKA_PORT:-9092}"
CONTROLLER_PORT="$((PORT + 1))"
HEAP="${VELO_KAFKA_HEAP:-512m}"
PID_FILE="$STATE_DIR/kafka.pid"
BOOTSTRAP="127.0.0.1:$PORT"
READY_TIMEOUT_S=90

probe() { node "$HERE/probe.mjs" "$BOOTSTRAP" "$1"; }

mkdir -p "$STATE_DIR/data" "$STATE_DIR/logs"

if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  if probe 15 >/dev/null 2>&1; then
    echo "kafka ready at $BOOTSTRAP (already running, pid $(cat "$PID_FILE"))"
    exit 0
  fi
  echo "kafka process $(cat "$PID_FILE") is running but does not answer; stop it with stop.sh" >&2
  exit 1
fi

if ! command -v java >/dev/null; then
  echo "java (17+) is required to run the local Kafka broker (apt-get install openjdk-17-jre-headless)" >&2
  exit 1
fi
if [[ ! -d "$ROOT/node_modules/kafkajs" ]]; then
  echo "run npm install first: the readiness probe uses kafkajs" >&2
  exit 1
fi

if ! compgen -G "$HERE/libs/kafka_2.13-*.jar" >/dev/null; then
  if ! command -v mvn >/dev/null; then
    echo "maven is required once, to fetch the Kafka jars (apt-get install maven)" >&2
    exit 1
  fi
  echo "fetching Apache Kafka jars from Maven Central into infra/kafka-local/libs ..."
  (cd "$HERE" && mvn -q -B dependency:copy-dependencies)
fi

CONFIG="$STATE_DIR/server.properties"
cat >"$CONFIG" <<PROPS
# Written by infra/kafka-local/start.sh; regenerated on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$STATE_DIR/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
log.segment.bytes=67108864
PROPS

cat >"$STATE_DIR/log4j2.properties" <<PROPS
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $STATE_DIR/logs/server.log
appender.file.filePattern = $STATE_DIR/logs/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = warn
logger.apache.name = org.apache.kafka
logger.apache.level = warn
PROPS

CLASSPATH_JARS="$HERE/libs/*"
JAVA_OPTS=(-Xmx"$HEAP" -Xms128m -XX:+UseSerialGC -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$STATE_DIR/log4j2.properties")

if [[ ! -f "$STATE_DIR/data/meta.properties" ]]; then
  CLUSTER_ID="$(java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_JARS" kafka.tools.StorageTool random-uuid)"
  java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_JARS" kafka.tools.StorageTool format \
    -t "$CLUSTER_ID" -c "$CONFIG" --ignore-formatted >"$STATE_DIR/logs/format.log" 2>&1 || {
    cat "$STATE_DIR/logs/format.log" >&2
    exit 1
  }
fi

# setsid: the broker must not get the Ctrl-C of the shell that started it.
setsid nohup java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_JARS" kafka.Kafka "$CONFIG" \
  >"$STATE_DIR/logs/kafka.out" 2>&1 </dev/null &
echo $! >"$PID_FILE"
echo "starting kafka (pid $(cat "$PID_FILE"), logs in $STATE_DIR/logs) ..."

deadline=$((SECONDS + READY_TIMEOUT_S))
while ((SECONDS < deadline)); do
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "kafka exited during start-up; last log lines:" >&2
    tail -n 40 "$STATE_DIR/logs/kafka.out" "$STATE_DIR/logs/server.log" >&2 2>/dev/null || true
    rm -f "$PID_FILE"
    exit 1
  fi
  if probe 5 >/dev/null 2>&1; then
    echo "kafka ready at $BOOTSTRAP"
    exit 0
  fi
  sleep 1
done

echo "kafka did not answer within ${READY_TIMEOUT_S}s; last log lines:" >&2
tail -n 40 "$STATE_DIR/logs/server.log" >&2 2>/dev/null || true
exit 1
