#!/usr/bin/env bash
# Starts a second single-node Kafka (KRaft) whose client listener requires SASL or TLS, for the
# connector tests of SASL PLAIN, SCRAM-SHA-256/512 and TLS with client certificates. Uses the
# jars of start.sh (run that once first); stop it with
# `VELO_KAFKA_DIR=<same dir> bash infra/kafka-local/stop.sh`.
#
#   VELO_KAFKA_DIR=/tmp/kafka-sasl VELO_KAFKA_PORT=19492 bash infra/kafka-local/start-secure.sh
#   VELO_KAFKA_SECURITY=tls VELO_KAFKA_TLS_DIR=/tmp/certs VELO_KAFKA_DIR=… bash …/start-secure.sh
#
# sasl (default): users (password = name + "-secret") `velo` for PLAIN, SCRAM-SHA-256 and
# SCRAM-SHA-512, `admin` for PLAIN. tls: VELO_KAFKA_TLS_DIR holds ca.pem (trusted for client
# certificates, which are required) and server.pem (PKCS#8 key + certificate, PEM).
# Environment: VELO_KAFKA_DIR (required), VELO_KAFKA_PORT (default 19492; the controller uses
# the next port, the broker's own listener the one after), VELO_KAFKA_HEAP (default 384m).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="${VELO_KAFKA_DIR:?set VELO_KAFKA_DIR to a state folder of this broker}"
PORT="${VELO_KAFKA_PORT:-19492}"
CONTROLLER_PORT="$((PORT + 1))"
INTERNAL_PORT="$((PORT + 2))"
SECURITY="${VELO_KAFKA_SECURITY:-sasl}"
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
# Written by infra/kafka-local/start-secure.sh; regenerated on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=CLIENT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT,INTERNAL://127.0.0.1:$INTERNAL_PORT
advertised.listeners=CLIENT://127.0.0.1:$PORT,INTERNAL://127.0.0.1:$INTERNAL_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
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

if [[ "$SECURITY" == "tls" ]]; then
  TLS_DIR="${VELO_KAFKA_TLS_DIR:?set VELO_KAFKA_TLS_DIR to the folder with ca.pem and server.pem}"
  cat >>"$CONFIG" <<PROPS
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,CLIENT:SSL
listener.name.client.ssl.keystore.type=PEM
listener.name.client.ssl.keystore.location=$TLS_DIR/server.pem
listener.name.client.ssl.truststore.type=PEM
listener.name.client.ssl.truststore.location=$TLS_DIR/ca.pem
listener.name.client.ssl.client.auth=required
PROPS
else
  cat >>"$CONFIG" <<PROPS
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,CLIENT:SASL_PLAINTEXT
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.client.plain.sasl.jaas.config=$PLAIN_JAAS
listener.name.client.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
PROPS
fi

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

# Ready when the client listener accepts a connection (a plain TCP check: the probe would need
# credentials).
deadline=$((SECONDS + READY_TIMEOUT_S))
while ((SECONDS < deadline)); do
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "kafka ($SECURITY) exited during start-up; last log lines:" >&2
    tail -n 40 "$STATE_DIR/logs/kafka.out" "$STATE_DIR/logs/server.log" >&2 2>/dev/null || true
    rm -f "$PID_FILE"
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "kafka ($SECURITY) ready at 127.0.0.1:$PORT"
    exit 0
  fi
  sleep 1
done
echo "kafka ($SECURITY) did not listen within ${READY_TIMEOUT_S}s" >&2
exit 1
