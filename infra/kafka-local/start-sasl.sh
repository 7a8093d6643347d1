#!/usr/bin/env bash
# Starts a second single-node Kafka (KRaft) whose client listener requires SASL, for the
# connector tests of SASL PLAIN and SCRAM-SHA-256/512. Uses the jars of start.sh (run that once
# first, or `mvn dependency:copy-dependencies` here); stop it with
# `VELO_KAFKA_DIR=<same dir> bash infra/kafka-local/stop.sh`.
#
#   VELO_KAFKA_DIR=/tmp/kafka-sasl VELO_KAFKA_PORT=19492 bash infra/kafka-local/start-sasl.sh
#
# Users (password = name + "-secret"): `velo` for PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512;
# `admin` for PLAIN. Environment: VELO_KAFKA_DIR (required), VELO_KAFKA_PORT (default 19492;
# the controller uses the next port), VELO_KAFKA_HEAP (default 384m).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="${VELO_KAFKA_DIR:?set VELO_KAFKA_DIR to a state folder of this broker}"
PORT="${VELO_KAFKA_PORT:-19492}"
CONTROLLER_PORT="$((PORT + 1))"
HEAP="${VELO_KAFKA_HEAP:-384m}"
PID_FILE="$STATE_DIR/kafka.pid"
READY_TIMEOUT_S=90

if ! compgen -G "$HERE/libs/kafka_2.13-*.jar" >/dev/null; then
  echo "no Kafka jars in $HERE/libs: run infra/kafka-local/start.sh once first" >&2
  exit 1
fi
if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "a broker is already running from $STATE_DIR (pid $(cat "$PID_FILE"))" >&2
  exit 1
fi
mkdir -p "$STATE_DIR/data" "$STATE_DIR/logs"

CONFIG="$STATE_DIR/server.properties"
PLAIN_JAAS='org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_velo="velo-secret";'
cat >"$CONFIG" <<PROPS
# Written by infra/kafka-local/start-sasl.sh; regenerated on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=SASL_PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=$PLAIN_JAAS
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
log.dirs=$STATE_DIR/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=2
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

cat >"$STATE_DIR/log4j2.properties" <<PROPS
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $STATE_DIR/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
PROPS

CLASSPATH_JARS="$HERE/libs/*"
JAVA_OPTS=(-Xmx"$HEAP" -Xms96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$STATE_DIR/log4j2.properties")

if [[ ! -f "$STATE_DIR/data/meta.properties" ]]; then
  CLUSTER_ID="$(java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_JARS" kafka.tools.StorageTool random-uuid)"
  java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_JARS" kafka.tools.StorageTool format \
    -t "$CLUSTER_ID" -c "$CONFIG" --ignore-formatted \
    --add-scram 'SCRAM-SHA-256=[name=velo,password=velo-secret]' \
    --add-scram 'SCRAM-SHA-512=[name=velo,password=velo-secret]' \
    >"$STATE_DIR/logs/format.log" 2>&1 || {
    cat "$STATE_DIR/logs/format.log" >&2
    exit 1
  }
fi

setsid nohup java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_JARS" kafka.Kafka "$CONFIG" \
  >"$STATE_DIR/logs/kafka.out" 2>&1 </dev/null &
echo $! >"$PID_FILE"

# Ready when the SASL listener accepts a connection (a plain TCP check: the probe would need
# credentials).
deadline=$((SECONDS + READY_TIMEOUT_S))
while ((SECONDS < deadline)); do
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "kafka (SASL) exited during start-up; last log lines:" >&2
    tail -n 40 "$STATE_DIR/logs/kafka.out" "$STATE_DIR/logs/server.log" >&2 2>/dev/null || true
    rm -f "$PID_FILE"
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "kafka (SASL) ready at 127.0.0.1:$PORT"
    exit 0
  fi
  sleep 1
done
echo "kafka (SASL) did not listen within ${READY_TIMEOUT_S}s" >&2
exit 1
