#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The local stack of real services behind the demo, the integration tests and the
# benchmarks: one Kafka broker (KRaft, combined mode), optionally one distributed Kafka
# Connect worker, optionally the demo pipeline (topics, a sink connector with a dead-letter
# topic, and the traffic generator). Everything binds 127.0.0.1 on ports picked at start.
# See docs/stack.md.
#
#   stack.sh fetch
#   stack.sh start --dir DIR [--connect] [--demo] [--rate N] [--traffic-bin PATH]
#   stack.sh stop --dir DIR
#   stack.sh stop-broker --dir DIR
#   stack.sh start-broker --dir DIR
#   stack.sh status --dir DIR
set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
LIB_ROOT=${SLUICE_STACK_LIB:-$REPO_DIR/.stack/lib}
COMPONENTS=(kafka connect tools)

BROKER_TIMEOUT=${SLUICE_STACK_BROKER_TIMEOUT:-60}     # seconds until the broker must answer
CONNECT_TIMEOUT=${SLUICE_STACK_CONNECT_TIMEOUT:-120}  # seconds until Connect must answer
STOP_TIMEOUT=${SLUICE_STACK_STOP_TIMEOUT:-15}         # seconds between SIGTERM and SIGKILL

BROKER_HEAP=${SLUICE_STACK_BROKER_HEAP:-1g}
CONNECT_HEAP=${SLUICE_STACK_CONNECT_HEAP:-768m}
DEMO_CONNECTOR=orders-file-sink
CONNECT_GROUP=sluice-connect

# ---------------------------------------------------------------------------------------
# Reporting: every failure names its step and what to do next.

STEP="startup"
NEXT="re-run with 'bash -x $0 ...' to see where it stopped"
STARTED_PIDS=()   # processes started by this invocation; killed if it fails midway
ERR_REPORTED=0    # a failure is reported once, by whoever sees it first

log() { printf '[stack] %s\n' "$*"; }
step() {
    STEP=$1
    NEXT=$2
    log "== $STEP"
}
die() {
    ERR_REPORTED=1
    printf '[stack] FAILED in step "%s": %s\n' "$STEP" "$1" >&2
    printf '[stack] next: %s\n' "${2:-$NEXT}" >&2
    exit 1
}
on_err() {
    local rc=$? line=$1
    ((ERR_REPORTED)) && return 0 # already said, by the function that failed first
    ERR_REPORTED=1
    printf '[stack] FAILED in step "%s" (command at line %s exited with %s)\n' "$STEP" "$line" "$rc" >&2
    printf '[stack] next: %s\n' "$NEXT" >&2
}
on_exit() {
    local rc=$?
    ERR_REPORTED=1 # whatever happens from here was reported already
    if ((rc != 0 && ${#STARTED_PIDS[@]} > 0)); then
        log "cleaning up: stopping the ${#STARTED_PIDS[@]} process(es) this run started"
        local i
        for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
            terminate_pid "${STARTED_PIDS[i]}" "pid ${STARTED_PIDS[i]}" || true
        done
    fi
    return "$rc"
}
trap 'on_err $LINENO' ERR
trap on_exit EXIT
on_signal() {
    ERR_REPORTED=1
    printf '[stack] interrupted by SIG%s in step "%s"\n' "$1" "$STEP" >&2
    exit "$2"
}
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

now_ms() { date +%s%3N; }
seconds_since() { # start_ms -> "12.3"
    local d=$(($(now_ms) - $1))
    printf '%d.%d' $((d / 1000)) $(((d % 1000) / 100))
}

usage() {
    sed -n '10,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

# ---------------------------------------------------------------------------------------
# Processes

is_alive() { # pid: running and not a zombie
    local pid=$1 state
    [[ -n $pid && -r /proc/$pid/stat ]] || return 1
    state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

cmdline_of() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null || true; }

is_ours() { # pid marker: alive and its command line contains marker
    local pid=$1 marker=$2
    is_alive "$pid" && [[ $(cmdline_of "$pid") == *"$marker"* ]]
}

terminate_pid() { # pid label: SIGTERM, wait up to STOP_TIMEOUT, then SIGKILL
    local pid=$1 label=$2 t0
    is_alive "$pid" || return 0
    t0=$(now_ms)
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while is_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if is_alive "$pid"; then
        log "$label did not stop within ${STOP_TIMEOUT}s after SIGTERM: sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 5))
        while is_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    fi
    wait "$pid" 2>/dev/null || true # reap if it is our child
    if is_alive "$pid"; then
        log "WARNING: $label (pid $pid) is still alive"
        return 1
    fi
    log "$label stopped in $(seconds_since "$t0") s"
}

# launch NAME LOGFILE CMD...: start CMD in its own session (so it outlives this script and
# a Ctrl-C in the terminal), remember it for clean-up on failure. Sets LAUNCHED_PID.
launch() {
    local name=$1 out=$2
    shift 2
    setsid "$@" >>"$out" 2>&1 </dev/null &
    LAUNCHED_PID=$!
    STARTED_PIDS+=("$LAUNCHED_PID")
    echo "$LAUNCHED_PID" >"$RUN_DIR/$name.pid"
}

forget_pid() { # pid: no longer clean it up on failure (e.g. stopped on purpose)
    local keep=() p
    for p in "${STARTED_PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
    STARTED_PIDS=("${keep[@]+"${keep[@]}"}")
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_ports() { # count -> that many distinct free loopback ports
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

show_log_tail() { # file [lines]
    local f=$1 n=${2:-40}
    if [[ -f $f ]]; then
        printf '[stack] ---- last %s lines of %s ----\n' "$n" "$f" >&2
        tail -n "$n" "$f" >&2
        printf '[stack] ----\n' >&2
    else
        printf '[stack] (no log at %s)\n' "$f" >&2
    fi
}

# ---------------------------------------------------------------------------------------
# fetch: Maven -> .stack/lib/{kafka,connect,tools}

pom_value() { # pom tag
    sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$1" | head -n1
}

fetch() {
    step "fetch: check tools" "install Maven and a JDK 17 (apt-get install maven openjdk-17-jdk-headless)"
    command -v mvn >/dev/null || die "mvn is not on PATH"
    command -v java >/dev/null || die "java is not on PATH"

    local version c
    version=$(pom_value "$SCRIPT_DIR/kafka/pom.xml" kafka.version)
    for c in "${COMPONENTS[@]}"; do
        [[ $(pom_value "$SCRIPT_DIR/$c/pom.xml" kafka.version) == "$version" ]] ||
            die "tests/stack/$c/pom.xml has a different kafka.version than kafka/pom.xml ($version)" \
                "make kafka.version equal in tests/stack/{kafka,connect,tools}/pom.xml"
    done

    local t_all
    t_all=$(now_ms)
    step "fetch: prepare $LIB_ROOT" "check that $LIB_ROOT can be created (or set SLUICE_STACK_LIB)"
    mkdir -p "$LIB_ROOT"
    for c in "${COMPONENTS[@]}"; do
        local pom=$SCRIPT_DIR/$c/pom.xml dest=$LIB_ROOT/$c want have=""
        want=$(sha256sum "$pom" | cut -c1-64)
        [[ -f $dest/.pom.sha256 ]] && have=$(<"$dest/.pom.sha256")
        if [[ $have == "$want" ]]; then
            log "$c: $dest is up to date ($(find "$dest" -maxdepth 1 -name '*.jar' | wc -l) jars, Kafka $version)"
            continue
        fi
        step "fetch: $c" "check that Maven Central is reachable (mvn -B -f $pom dependency:tree); ~/.m2 caches what was downloaded"
        local t0
        t0=$(now_ms)
        log "$c: copying runtime dependencies of tests/stack/$c/pom.xml to $dest"
        rm -rf "$dest.partial"
        mvn -q -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
            -DoutputDirectory="$dest.partial" -Dmdep.overWriteReleases=true 2>&1 |
            sed 's/\x1b\[[0-9;]*m//g' # Maven 3.8 prints colour resets even in batch mode
        [[ -n $(find "$dest.partial" -maxdepth 1 -name '*.jar' -print -quit) ]] ||
            die "Maven copied no jars for $c"
        echo "$want" >"$dest.partial/.pom.sha256"
        rm -rf "$dest"
        mv "$dest.partial" "$dest"
        log "$c: $(find "$dest" -maxdepth 1 -name '*.jar' | wc -l) jars in $(seconds_since "$t0") s"
    done
    log "fetch done in $(seconds_since "$t_all") s"
}

kafka_version_of_lib() {
    local jar
    jar=$(find "$LIB_ROOT/kafka" -maxdepth 1 -name 'kafka_2.13-*.jar' -print -quit)
    [[ -n $jar ]] || die "no kafka_2.13 jar in $LIB_ROOT/kafka" "run: $0 fetch"
    jar=${jar##*/kafka_2.13-}
    echo "${jar%.jar}"
}

version_ge() { # a b: a >= b (dotted numbers)
    [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1) == "$2" ]]
}

# ---------------------------------------------------------------------------------------
# Stack directory layout and the env file

set_dir() { # DIR -> absolute paths
    [[ -n ${1:-} ]] || die "--dir DIR is required" "pass --dir, e.g. --dir /tmp/sluice-stack"
    mkdir -p "$1"
    STACK_DIR=$(cd "$1" && pwd)
    RUN_DIR=$STACK_DIR/run
    LOG_DIR=$STACK_DIR/logs
    ENV_FILE=$STACK_DIR/stack.env
    KAFKA_CONF=$STACK_DIR/kafka/server.properties
    CONNECT_CONF=$STACK_DIR/connect/worker.properties
}

env_quote() { # value -> itself, or single-quoted if it holds anything unusual
    if [[ $1 =~ ^[A-Za-z0-9_./:@,+=-]*$ ]]; then
        printf '%s' "$1"
    else
        printf "'%s'" "${1//\'/\'\\\'\'}"
    fi
}

ENV_KEYS=(SLUICE_STACK_DIR SLUICE_KAFKA_BOOTSTRAP SLUICE_KAFKA_VERSION SLUICE_KAFKA_CONTROLLER_PORT
    SLUICE_KAFKA_PID SLUICE_KAFKA_LOG SLUICE_KAFKA_STARTUP_MS
    SLUICE_CONNECT_URL SLUICE_CONNECT_PID SLUICE_CONNECT_GROUP SLUICE_CONNECT_LOG SLUICE_CONNECT_STARTUP_MS
    SLUICE_DEMO_CONNECTOR SLUICE_DEMO_DLQ_TOPIC SLUICE_DEMO_SINK_FILE SLUICE_DEMO_TRAFFIC_PID SLUICE_DEMO_TRAFFIC_LOG
    SLUICE_STACK_LIB)

write_env() {
    local k tmp=$ENV_FILE.tmp
    {
        echo "# Written by tests/stack/stack.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). One KEY=VALUE per line;"
        echo "# a value is single-quoted only if it holds characters outside [A-Za-z0-9_./:@,+=-]."
        for k in "${ENV_KEYS[@]}"; do
            [[ -n ${!k:-} ]] && printf '%s=%s\n' "$k" "$(env_quote "${!k}")"
        done
    } >"$tmp"
    mv "$tmp" "$ENV_FILE"
}

read_env() { # loads ENV_FILE without executing it
    local k v
    for k in "${ENV_KEYS[@]}"; do unset "$k"; done
    [[ -f $ENV_FILE ]] || return 1
    while IFS= read -r line; do
        [[ $line =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]] || continue
        k=${BASH_REMATCH[1]}
        v=${BASH_REMATCH[2]}
        if [[ $v == \'*\' ]]; then
            v=${v:1:${#v}-2}
            v=${v//\'\\\'\'/\'}
        fi
        printf -v "$k" '%s' "$v"
    done <"$ENV_FILE"
}

pid_file_value() { [[ -f $RUN_DIR/$1.pid ]] && cat "$RUN_DIR/$1.pid" || true; }

# Markers: a process is ours only if its command line names a file of this stack dir.
kafka_marker() { echo "$KAFKA_CONF"; }
connect_marker() { echo "$CONNECT_CONF"; }
traffic_marker() { echo "--stack-dir $STACK_DIR"; }

# ---------------------------------------------------------------------------------------
# Kafka broker

write_kafka_config() { # broker_port controller_port version
    local bport=$1 cport=$2 version=$3
    mkdir -p "$STACK_DIR/kafka/data" "$LOG_DIR"
    cat >"$KAFKA_CONF" <<EOF
# Written by tests/stack/stack.sh. Single node, KRaft combined mode, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$bport,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$bport
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$STACK_DIR/kafka/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
EOF
    if version_ge "$version" 4.1; then
        cat >>"$KAFKA_CONF" <<EOF
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
EOF
    fi
    write_log4j2 "$STACK_DIR/kafka/log4j2.xml" "$LOG_DIR/kafka.log" \
        '<Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>'
}

write_log4j2() { # file logfile extra-loggers
    cat >"$1" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by tests/stack/stack.sh -->
<Configuration status="WARN">
  <Appenders>
    <File name="file" fileName="$2" append="true">
      <PatternLayout pattern="[%d{ISO8601}] %-5p [%t] %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="file"/></Root>
    $3
  </Loggers>
</Configuration>
EOF
}

java_common() { # heap
    echo -Xms128m "-Xmx$1" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent \
        -Djava.awt.headless=true
}

format_storage() {
    local t0 id
    t0=$(now_ms)
    # A Kafka Uuid: 16 random bytes, base64url without padding, never starting with '-'.
    id=$(python3 -c 'import base64,os
while True:
    s = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    if not s.startswith("-"): print(s); break')
    # shellcheck disable=SC2046
    java $(java_common 256m) -Dlog4j2.configurationFile="$STACK_DIR/kafka/log4j2.xml" \
        -cp "$LIB_ROOT/kafka/*" kafka.tools.StorageTool format -t "$id" -c "$KAFKA_CONF" \
        >>"$LOG_DIR/kafka.out" 2>&1 ||
        { show_log_tail "$LOG_DIR/kafka.out"; die "formatting the storage failed"; }
    log "storage formatted in $(seconds_since "$t0") s (cluster id $id)"
}

launch_broker() {
    # shellcheck disable=SC2046
    launch kafka "$LOG_DIR/kafka.out" java $(java_common "$BROKER_HEAP") \
        -Dlog4j2.configurationFile="$STACK_DIR/kafka/log4j2.xml" -Dkafka.logs.dir="$LOG_DIR" \
        -cp "$LIB_ROOT/kafka/*" kafka.Kafka "$KAFKA_CONF"
    SLUICE_KAFKA_PID=$LAUNCHED_PID
}

wait_broker() { # port log_offset t0
    local port=$1 offset=$2 t0=$3 deadline=$((SECONDS + BROKER_TIMEOUT))
    while :; do
        if ! is_alive "$SLUICE_KAFKA_PID"; then
            show_log_tail "$LOG_DIR/kafka.log"
            show_log_tail "$LOG_DIR/kafka.out" 20
            die "the broker exited during start-up" \
                "read $LOG_DIR/kafka.log; 'Address already in use' means a port was taken: run start again"
        fi
        if port_open "$port" &&
            tail -c +"$((offset + 1))" "$LOG_DIR/kafka.log" 2>/dev/null | grep -q 'Kafka Server started'; then
            break
        fi
        if ((SECONDS >= deadline)); then
            show_log_tail "$LOG_DIR/kafka.log"
            die "the broker was not ready within ${BROKER_TIMEOUT}s" \
                "read $LOG_DIR/kafka.log; raise SLUICE_STACK_BROKER_TIMEOUT on a slow machine"
        fi
        sleep 0.2
    done
    SLUICE_KAFKA_STARTUP_MS=$(($(now_ms) - t0))
    log "broker ready on 127.0.0.1:$port in $(seconds_since "$t0") s (pid $SLUICE_KAFKA_PID)"
}

log_size() { [[ -f $1 ]] && stat -c %s "$1" || echo 0; }

# ---------------------------------------------------------------------------------------
# Kafka Connect

write_connect_config() { # bootstrap rest_port
    mkdir -p "$STACK_DIR/connect"
    cat >"$CONNECT_CONF" <<EOF
# Written by tests/stack/stack.sh. One distributed worker, loopback only.
bootstrap.servers=$1
group.id=$CONNECT_GROUP
listeners=http://127.0.0.1:$2
rest.advertised.host.name=127.0.0.1
rest.advertised.port=$2
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=false
value.converter.schemas.enable=false
config.storage.topic=connect-configs
offset.storage.topic=connect-offsets
status.storage.topic=connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.storage.partitions=1
status.storage.partitions=1
offset.flush.interval.ms=1000
scheduled.rebalance.max.delay.ms=0
plugin.discovery=service_load
EOF
    write_log4j2 "$STACK_DIR/connect/log4j2.xml" "$LOG_DIR/connect.log" \
        '<Logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
    <Logger name="org.eclipse.jetty" level="WARN"/>
    <Logger name="org.reflections" level="ERROR"/>'
}

launch_connect() {
    # shellcheck disable=SC2046
    launch connect "$LOG_DIR/connect.out" java $(java_common "$CONNECT_HEAP") \
        -Dlog4j2.configurationFile="$STACK_DIR/connect/log4j2.xml" -Dkafka.logs.dir="$LOG_DIR" \
        -cp "$LIB_ROOT/connect/*" org.apache.kafka.connect.cli.ConnectDistributed "$CONNECT_CONF"
    SLUICE_CONNECT_PID=$LAUNCHED_PID
}

wait_connect() { # url t0
    local url=$1 t0=$2 deadline=$((SECONDS + CONNECT_TIMEOUT)) code
    while :; do
        if ! is_alive "$SLUICE_CONNECT_PID"; then
            show_log_tail "$LOG_DIR/connect.log"
            show_log_tail "$LOG_DIR/connect.out" 20
            die "the Connect worker exited during start-up" "read $LOG_DIR/connect.log"
        fi
        # /health answers 200 once the worker has joined its group and read its config topic.
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/health" || true)
        [[ $code == 200 ]] && break
        if ((SECONDS >= deadline)); then
            show_log_tail "$LOG_DIR/connect.log"
            die "Connect did not become healthy within ${CONNECT_TIMEOUT}s (last /health answer: $code)" \
                "read $LOG_DIR/connect.log; raise SLUICE_STACK_CONNECT_TIMEOUT on a slow machine"
        fi
        sleep 0.25
    done
    SLUICE_CONNECT_STARTUP_MS=$(($(now_ms) - t0))
    log "Connect ready at $url in $(seconds_since "$t0") s (pid $SLUICE_CONNECT_PID)"
}

# ---------------------------------------------------------------------------------------
# Demo pipeline

find_traffic_bin() {
    if [[ -n ${TRAFFIC_BIN:-} ]]; then
        [[ -x $TRAFFIC_BIN ]] || die "--traffic-bin $TRAFFIC_BIN is not an executable"
        return
    fi
    if [[ -n ${SLUICE_DEMO_TRAFFIC:-} && -x ${SLUICE_DEMO_TRAFFIC} ]]; then
        TRAFFIC_BIN=$SLUICE_DEMO_TRAFFIC
        return
    fi
    # Newest build of the target in any build folder of the repository.
    TRAFFIC_BIN=$(find "$REPO_DIR"/build* -name sluice_demo_traffic -type f -perm -u+x \
        -printf '%T@ %p\n' 2>/dev/null | sort -rn | head -n1 | cut -d' ' -f2- || true)
    [[ -n $TRAFFIC_BIN ]] ||
        die "the demo traffic generator is not built" \
            "build it (cmake --build <build dir> --target sluice_demo_traffic) or pass --traffic-bin PATH"
}

put_demo_connector() {
    local url=$1 body code deadline=$((SECONDS + 60))
    body=$(python3 -c 'import json,sys
print(json.dumps({
  "connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
  "tasks.max": "1",
  "topics": "orders",
  "file": sys.argv[1],
  "key.converter": "org.apache.kafka.connect.json.JsonConverter",
  "key.converter.schemas.enable": "false",
  "value.converter": "org.apache.kafka.connect.json.JsonConverter",
  "value.converter.schemas.enable": "false",
  "transforms": "customerIdAsLong",
  "transforms.customerIdAsLong.type": "org.apache.kafka.connect.transforms.Cast$Value",
  "transforms.customerIdAsLong.spec": "customer_id:int64",
  "errors.tolerance": "all",
  "errors.deadletterqueue.topic.name": "orders.dlq",
  "errors.deadletterqueue.topic.replication.factor": "1",
  "errors.deadletterqueue.context.headers.enable": "true",
}))' "$SLUICE_DEMO_SINK_FILE")
    while :; do
        code=$(curl -s -o "$RUN_DIR/connector-put.json" -w '%{http_code}' --max-time 10 -X PUT \
            -H 'Content-Type: application/json' --data "$body" "$url/connectors/$DEMO_CONNECTOR/config" || true)
        [[ $code == 200 || $code == 201 ]] && break
        # 409: the worker is rebalancing; try again shortly.
        if [[ $code != 409 ]] || ((SECONDS >= deadline)); then
            cat "$RUN_DIR/connector-put.json" >&2 || true
            die "creating connector $DEMO_CONNECTOR answered HTTP $code" "read $LOG_DIR/connect.log"
        fi
        sleep 0.5
    done
    deadline=$((SECONDS + 60))
    local state=""
    while ((SECONDS < deadline)); do
        state=$(curl -s --max-time 5 "$url/connectors/$DEMO_CONNECTOR/status" | python3 -c 'import json,sys
try:
    s = json.load(sys.stdin); t = s.get("tasks", [])
    print(s["connector"]["state"] + "/" + (t[0]["state"] if t else "NO_TASK"))
except Exception:
    print("UNKNOWN")' || true)
        [[ $state == RUNNING/RUNNING ]] && break
        sleep 0.5
    done
    [[ $state == RUNNING/RUNNING ]] ||
        die "connector $DEMO_CONNECTOR is not running (connector/task: $state)" \
            "curl $url/connectors/$DEMO_CONNECTOR/status and read $LOG_DIR/connect.log"
    log "connector $DEMO_CONNECTOR RUNNING: orders -> $SLUICE_DEMO_SINK_FILE, bad records -> orders.dlq" \
        "(key, value and transform failures)"
}

# ---------------------------------------------------------------------------------------
# Subcommands

running_services() { # prints names of services of STACK_DIR that are alive
    local p
    p=$(pid_file_value traffic)
    [[ -n $p ]] && is_ours "$p" "$(traffic_marker)" && echo traffic
    p=$(pid_file_value connect)
    [[ -n $p ]] && is_ours "$p" "$(connect_marker)" && echo connect
    p=$(pid_file_value kafka)
    [[ -n $p ]] && is_ours "$p" "$(kafka_marker)" && echo kafka
    return 0
}

cmd_start() {
    local with_connect=0 with_demo=0 dir="" rate=""
    TRAFFIC_BIN=""
    while (($#)); do
        case $1 in
        --dir) dir=${2:?--dir needs a value}; shift 2 ;;
        --connect) with_connect=1; shift ;;
        --demo) with_demo=1; with_connect=1; shift ;;
        --rate) rate=${2:?--rate needs a value}; shift 2 ;;
        --traffic-bin) TRAFFIC_BIN=${2:?--traffic-bin needs a value}; shift 2 ;;
        -h | --help) usage 0 ;;
        *) die "unknown option for start: $1" "see: $0 --help" ;;
        esac
    done
    step "start: prepare $dir" "check that --dir names a writable folder"
    set_dir "$dir"
    if [[ -n $(running_services) ]]; then
        die "a stack is already running in $STACK_DIR ($(running_services | tr '\n' ' '))" \
            "run: $0 stop --dir $STACK_DIR"
    fi
    command -v python3 >/dev/null || die "python3 is not on PATH" "install python3 (used to pick free ports)"
    command -v curl >/dev/null || die "curl is not on PATH" "install curl"
    ((with_demo)) && find_traffic_bin

    fetch

    step "start: clean $STACK_DIR" "check permissions of $STACK_DIR"
    # Only this script's own sub-folders: the rest of DIR is left alone.
    rm -rf "$STACK_DIR/kafka" "$STACK_DIR/connect" "$STACK_DIR/demo" "$LOG_DIR" "$RUN_DIR" "$ENV_FILE"
    mkdir -p "$RUN_DIR" "$LOG_DIR"

    SLUICE_STACK_DIR=$STACK_DIR
    SLUICE_STACK_LIB=$LIB_ROOT
    SLUICE_KAFKA_VERSION=$(kafka_version_of_lib)
    local ports bport cport rport
    ports=$(free_ports 3)
    read -r bport cport rport <<<"$ports"
    SLUICE_KAFKA_BOOTSTRAP=127.0.0.1:$bport
    SLUICE_KAFKA_CONTROLLER_PORT=$cport
    SLUICE_KAFKA_LOG=$LOG_DIR/kafka.log

    step "start: Kafka $SLUICE_KAFKA_VERSION broker" "read $LOG_DIR/kafka.log and $LOG_DIR/kafka.out"
    write_kafka_config "$bport" "$cport" "$SLUICE_KAFKA_VERSION"
    format_storage
    local t0
    t0=$(now_ms)
    launch_broker
    write_env
    wait_broker "$bport" 0 "$t0"
    write_env

    if ((with_connect)); then
        step "start: Kafka Connect worker" "read $LOG_DIR/connect.log and $LOG_DIR/connect.out"
        SLUICE_CONNECT_URL=http://127.0.0.1:$rport
        SLUICE_CONNECT_GROUP=$CONNECT_GROUP
        SLUICE_CONNECT_LOG=$LOG_DIR/connect.log
        write_connect_config "$SLUICE_KAFKA_BOOTSTRAP" "$rport"
        t0=$(now_ms)
        launch_connect
        write_env
        wait_connect "$SLUICE_CONNECT_URL" "$t0"
        write_env
    fi

    if ((with_demo)); then
        step "start: demo topics" "run $TRAFFIC_BIN --bootstrap $SLUICE_KAFKA_BOOTSTRAP --create-topics-only by hand"
        mkdir -p "$STACK_DIR/demo"
        "$TRAFFIC_BIN" --bootstrap "$SLUICE_KAFKA_BOOTSTRAP" --create-topics-only

        step "start: demo connector" "curl $SLUICE_CONNECT_URL/connectors/$DEMO_CONNECTOR/status; read $LOG_DIR/connect.log"
        SLUICE_DEMO_CONNECTOR=$DEMO_CONNECTOR
        SLUICE_DEMO_DLQ_TOPIC=orders.dlq
        SLUICE_DEMO_SINK_FILE=$STACK_DIR/demo/orders.sink.txt
        put_demo_connector "$SLUICE_CONNECT_URL"

        step "start: demo traffic" "read $LOG_DIR/demo-traffic.log"
        SLUICE_DEMO_TRAFFIC_LOG=$LOG_DIR/demo-traffic.log
        local args=(--bootstrap "$SLUICE_KAFKA_BOOTSTRAP" --stack-dir "$STACK_DIR")
        [[ -n $rate ]] && args+=(--rate "$rate")
        launch traffic "$SLUICE_DEMO_TRAFFIC_LOG" "$TRAFFIC_BIN" "${args[@]}"
        SLUICE_DEMO_TRAFFIC_PID=$LAUNCHED_PID
        sleep 1
        is_alive "$SLUICE_DEMO_TRAFFIC_PID" ||
            { show_log_tail "$SLUICE_DEMO_TRAFFIC_LOG"; die "the traffic generator exited at once"; }
        log "traffic generator running (pid $SLUICE_DEMO_TRAFFIC_PID, log $SLUICE_DEMO_TRAFFIC_LOG)"
        write_env
    fi

    STARTED_PIDS=() # success: the services now outlive this script
    log "stack is up. Env file: $ENV_FILE"
    sed -n '/^SLUICE_/s/^/[stack]   /p' "$ENV_FILE"
    log "start-up times: broker $((SLUICE_KAFKA_STARTUP_MS))ms${SLUICE_CONNECT_STARTUP_MS:+, Connect ${SLUICE_CONNECT_STARTUP_MS}ms}"
    log "stop with: $0 stop --dir $STACK_DIR"
}

parse_dir_only() { # subcommand args -> set_dir
    local sub=$1 dir=""
    shift
    while (($#)); do
        case $1 in
        --dir) dir=${2:?--dir needs a value}; shift 2 ;;
        -h | --help) usage 0 ;;
        *) die "unknown option for $sub: $1" "see: $0 --help" ;;
        esac
    done
    set_dir "$dir"
}

stop_service() { # name label marker
    local name=$1 label=$2 marker=$3 pid
    pid=$(pid_file_value "$name")
    if [[ -n $pid ]] && is_ours "$pid" "$marker"; then
        log "stopping $label (pid $pid)"
        terminate_pid "$pid" "$label"
    else
        log "$label: not running"
    fi
    rm -f "$RUN_DIR/$name.pid"
}

stray_pids() { # processes whose command line names this stack's config files
    local p cmd
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [[ $p == "$$" ]] && continue
        cmd=$(cmdline_of "$p")
        [[ -z $cmd ]] && continue
        if [[ $cmd == *"$(kafka_marker)"* || $cmd == *"$(connect_marker)"* || $cmd == *"$(traffic_marker)"* ]]; then
            is_alive "$p" && echo "$p"
        fi
    done
    return 0
}

cmd_stop() {
    parse_dir_only stop "$@"
    step "stop" "look for left-over processes with: pgrep -af $STACK_DIR"
    stop_service traffic "traffic generator" "$(traffic_marker)"
    stop_service connect "Connect worker" "$(connect_marker)"
    stop_service kafka "Kafka broker" "$(kafka_marker)"
    local p
    for p in $(stray_pids); do
        log "stopping left-over process $p: $(cmdline_of "$p" | cut -c1-120)"
        terminate_pid "$p" "process $p" || true
    done
    [[ -z $(stray_pids) ]] || die "processes of $STACK_DIR are still alive: $(stray_pids | tr '\n' ' ')"
    log "nothing of $STACK_DIR is running"
}

cmd_stop_broker() {
    parse_dir_only stop-broker "$@"
    step "stop-broker" "run: $0 status --dir $STACK_DIR"
    read_env || die "no $ENV_FILE" "start the stack first: $0 start --dir $STACK_DIR"
    stop_service kafka "Kafka broker" "$(kafka_marker)"
    log "broker stopped; data and ports are kept for: $0 start-broker --dir $STACK_DIR"
}

cmd_start_broker() {
    parse_dir_only start-broker "$@"
    step "start-broker" "read $LOG_DIR/kafka.log"
    read_env || die "no $ENV_FILE" "start the stack first: $0 start --dir $STACK_DIR"
    [[ -f $KAFKA_CONF ]] || die "no broker config at $KAFKA_CONF" "start the stack first: $0 start --dir $STACK_DIR"
    if [[ -n $(running_services | grep -x kafka || true) ]]; then
        log "broker already running (pid $(pid_file_value kafka))"
        return 0
    fi
    local port=${SLUICE_KAFKA_BOOTSTRAP##*:}
    if port_open "$port"; then
        die "port $port is taken by another process" "find it with: ss -ltnp 'sport = :$port'"
    fi
    local offset t0
    offset=$(log_size "$LOG_DIR/kafka.log")
    t0=$(now_ms)
    launch_broker
    write_env
    wait_broker "$port" "$offset" "$t0"
    write_env
    STARTED_PIDS=()
    log "broker restarted with the same ports and data"
}

cmd_status() {
    parse_dir_only status "$@"
    step "status" "start the stack: $0 start --dir $STACK_DIR"
    if ! read_env; then
        log "no stack in $STACK_DIR (no stack.env)"
        return 0
    fi
    local p state
    p=$(pid_file_value kafka)
    if [[ -n $p ]] && is_ours "$p" "$(kafka_marker)"; then
        port_open "${SLUICE_KAFKA_BOOTSTRAP##*:}" && state="up" || state="starting?"
        log "kafka $SLUICE_KAFKA_VERSION: $state, pid $p, bootstrap $SLUICE_KAFKA_BOOTSTRAP, log $SLUICE_KAFKA_LOG"
    else
        log "kafka: stopped (bootstrap would be $SLUICE_KAFKA_BOOTSTRAP)"
    fi
    if [[ -n ${SLUICE_CONNECT_URL:-} ]]; then
        p=$(pid_file_value connect)
        if [[ -n $p ]] && is_ours "$p" "$(connect_marker)"; then
            state=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$SLUICE_CONNECT_URL/health" || true)
            log "connect: pid $p, $SLUICE_CONNECT_URL (/health: HTTP $state), log $SLUICE_CONNECT_LOG"
            curl -s --max-time 3 "$SLUICE_CONNECT_URL/connectors?expand=status" | python3 -c 'import json,sys
try:
    for name, c in sorted(json.load(sys.stdin).items()):
        s = c["status"]
        print("[stack]   connector %s: %s, tasks %s" % (name, s["connector"]["state"],
              ",".join(t["state"] for t in s["tasks"]) or "none"))
except Exception as e:
    print("[stack]   (connectors unavailable: %s)" % e)' || true
        else
            log "connect: stopped"
        fi
    fi
    if [[ -n ${SLUICE_DEMO_TRAFFIC_LOG:-} ]]; then
        p=$(pid_file_value traffic)
        if [[ -n $p ]] && is_ours "$p" "$(traffic_marker)"; then
            log "traffic generator: pid $p; last line: $(tail -n1 "$SLUICE_DEMO_TRAFFIC_LOG" 2>/dev/null || true)"
        else
            log "traffic generator: stopped"
        fi
    fi
    log "env file: $ENV_FILE"
}

main() {
    (($#)) || usage 2
    local sub=$1
    shift
    case $sub in
    fetch) fetch ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    stop-broker) cmd_stop_broker "$@" ;;
    start-broker) cmd_start_broker "$@" ;;
    status) cmd_status "$@" ;;
    -h | --help | help) usage 0 ;;
    *)
        STEP="parse arguments"
        die "unknown subcommand: $sub" "use one of: fetch start stop stop-broker start-broker status"
        ;;
    esac
}

main "$@"
