#!/usr/bin/env bash
# What a user installs is what is tested: packs graph-mock (`npm pack`, which builds dist/ and
# its type declarations), installs the tarball into an empty project, and there runs
# `npx graph-mock -v`, starts the installed bin and PATCHes a bundled fixture, starts it in
# process with startGraphMock, and type-checks a TypeScript file using both entry points with
# skipLibCheck off. Prints the tarball's size. Needs the npm registry (the package's one
# dependency, @types/node for the type check).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=$(mktemp -d)
server_pid=
cleanup () { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
fail () { echo "FAIL: $*"; exit 1; }

npm pack --silent --json --pack-destination "$WORK" > "$WORK/pack.json"
node -e '
  const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
  console.log(`packed ${filename}: ${(size / 1024).toFixed(0)} KiB, ${(unpackedSize / 1024).toFixed(0)} KiB unpacked, ${entryCount} files`)
' "$WORK/pack.json"
tarball=$(ls "$WORK"/graph-mock-*.tgz)

mkdir "$WORK/user" && cd "$WORK/user"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$tarball" @types/node@"$(node -p 'process.versions.node.split(".")[0]')"

# npm takes a --version anywhere on npx's command line as its own, so the bin's is reached as
# -v, or after `--`.
expected=$(node -p "require('$REPO/package.json').version")
for args in "graph-mock -v" "-- graph-mock --version"; do
  # shellcheck disable=SC2086
  version=$(npx $args)
  [[ $version == "$expected" ]] || fail "npx $args printed '$version'"
done
echo "npx graph-mock -v, npx -- graph-mock --version: $version"

# The command line, with the bundled fixtures, from a directory that has none of its own; run as
# npx runs it, without npm in between, whose own exit on SIGTERM is 143 whatever the bin's.
node_modules/.bin/graph-mock --port 0 --log-level info > server.log 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -qs '"graph-mock ready"' server.log && break; sleep 0.1; done
url=$(grep -o '"urls":\["http://[^"]*"' server.log | grep -o 'http://.*[0-9]') || fail "no ready line: $(cat server.log)"
status=$(node -e '
  const id = Object.keys(require("./node_modules/graph-mock/fixtures/RequestRemoteHelpSessionAccessResponse.json"))[0]
  fetch(`${process.argv[1]}/beta/RequestRemoteHelpSessionAccessResponse/${id}`, {
    method: "PATCH", headers: { authorization: "Bearer any", "content-type": "application/json" }, body: "{\"sessionType\":\"elevation\"}"
  }).then((answer) => console.log(answer.status))
' "$url")
[[ $status == 200 ]] || fail "PATCH answered $status"
kill -TERM "$server_pid"; wait "$server_pid" || fail "graph-mock exited $? on SIGTERM"
server_pid=
echo "node_modules/.bin/graph-mock: started, PATCH 200, exit 0 on SIGTERM"

# In process, from the installed package.
cat > in-process.mjs <<'JS'
import { startGraphMock } from 'graph-mock'
const graph = await startGraphMock()
const answer = await fetch(`${graph.url}/beta/deviceManagement/remoteAssistanceSettings`, { headers: { authorization: 'Bearer any' } })
const health = await graph.control.health()
await graph.close()
if (answer.status !== 200 || health.status !== 'ok') throw new Error(`settings ${answer.status}, health ${JSON.stringify(health)}`)
console.log('startGraphMock from the package: settings 200, control health ok, closed')
JS
node in-process.mjs

# The type declarations, as a strict TypeScript project reads them: with no global types named
# ("types": [], TypeScript 6's default), so a declaration that leans on @types/node's globals
# (NodeJS.*) instead of importing what it uses fails here as it would in such a project.
cat > consumer.ts <<'TS'
import { startGraphMock, type GraphMock, type GraphMockOptions } from 'graph-mock'
import { createControlClient, ControlApiError } from 'graph-mock/client'

const options: GraphMockOptions = { pageSize: 10, authMode: 'signed', fixtures: { 'deviceManagement.remoteAssistancePartners': {} } }
const graph: GraphMock = await startGraphMock(options)
const control = createControlClient({ baseUrl: graph.url })
const health: { status: 'ok', version: string } = await control.health()
// The store's methods type records by the set they name, from the published declarations too.
const settings = await control.readRecord({ params: { entitySet: 'deviceManagement.remoteAssistanceSettings', id: 'remoteAssistanceSettings' } })
const state: 'disabled' | 'enabled' | null = settings.remoteAssistanceState
// @ts-expect-error a managed device has no property deviceNam
await control.putRecord({ params: { entitySet: 'deviceManagement.managedDevices', id: 'x' }, body: { deviceNam: 'x' } })
export const seen = [health.version, graph.authority, ControlApiError.name, state]
TS
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "skipLibCheck": false, "noEmit": true, "types": [] }, "files": ["consumer.ts"] }
JSON
node -e 'const p = require("./package.json"); p.type = "module"; require("fs").writeFileSync("package.json", JSON.stringify(p, null, 2))'
node "$REPO/node_modules/typescript/bin/tsc" -p tsconfig.json || fail "the type declarations do not compile"
echo "types: a strict project using graph-mock and graph-mock/client compiles with skipLibCheck off"
