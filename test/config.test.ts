import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ConfigError, loadConfig } from '../src/config.js'
import { servedPermissions } from '../src/resources/index.js'

test('defaults apply when nothing is set, or a variable is empty', () => {
  const expected = {
    PORT: 4000,
    HOST: '127.0.0.1',
    // The bundled fixtures wherever graph-mock starts from, not a ./fixtures of the caller's directory.
    FIXTURES_DIR: fileURLToPath(new URL('../fixtures', import.meta.url)),
    LOG_LEVEL: 'info',
    MOCK_JOURNAL_LIMIT: 1000,
    MOCK_STORE_LIMIT: 100_000,
    MOCK_STORE_LIMIT_MB: 256,
    MOCK_STORE_TOTAL_LIMIT_MB: 1024,
    MOCK_FAULT_RULE_LIMIT: 100,
    MOCK_TOKEN_CLIENT_LIMIT: 1000,
    MOCK_THROTTLING: 'off',
    MOCK_TENANT_LIMIT: 100,
    MOCK_TENANT_IDLE_SECONDS: 900,
    REQUEST_TIMEOUT_MS: 30000,
    TLS_HOSTNAMES: 'localhost,127.0.0.1,::1,graph-mock',
    AUTH_MODE: 'claims',
    TOKEN_ROLES: servedPermissions().join(',')
  }
  assert.deepEqual(loadConfig({}), expected)
  assert.deepEqual(loadConfig({ PORT: '', HOST: ' ', LOG_LEVEL: '', MOCK_ADMIN_TOKEN: ' ', MOCK_JOURNAL_LIMIT: '' }), expected)
})

test('issued tokens carry by default every permission a served operation needs, write ones included', () => {
  const roles = loadConfig({}).TOKEN_ROLES.split(',')
  for (const permission of ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All', 'DeviceManagementServiceConfig.Read.All']) {
    assert.ok(roles.includes(permission), permission)
  }
})

test('values are read and typed', () => {
  const core = { PORT: '8080', HOST: '0.0.0.0', FIXTURES_DIR: '/data', LOG_LEVEL: 'warn', MOCK_ADMIN_TOKEN: 's3cret', MOCK_JOURNAL_LIMIT: '50', REQUEST_TIMEOUT_MS: '5000' }
  const limits = { MOCK_STORE_LIMIT: '20', MOCK_STORE_LIMIT_MB: '8', MOCK_FAULT_RULE_LIMIT: '3', MOCK_TOKEN_CLIENT_LIMIT: '4' }
  const auth = { AUTH_MODE: 'signed', TOKEN_ROLES: 'DeviceManagementConfiguration.Read.All' }
  const tls = { HTTPS_PORT: '4443', TLS_HOSTNAMES: 'mock.test,10.0.0.5', TLS_DIR: '/tls', TLS_CERT_FILE: '/c.crt', TLS_KEY_FILE: '/c.key' }
  assert.deepEqual(loadConfig({ ...core, ...limits, ...tls, ...auth, UNRELATED: 'x' }), {
    ...core, ...tls, ...auth, PORT: 8080, MOCK_JOURNAL_LIMIT: 50, REQUEST_TIMEOUT_MS: 5000, HTTPS_PORT: 4443, MOCK_STORE_LIMIT: 20, MOCK_STORE_LIMIT_MB: 8, MOCK_STORE_TOTAL_LIMIT_MB: 1024, MOCK_FAULT_RULE_LIMIT: 3, MOCK_TOKEN_CLIENT_LIMIT: 4, MOCK_THROTTLING: 'off', MOCK_TENANT_LIMIT: 100, MOCK_TENANT_IDLE_SECONDS: 900
  })
  assert.equal(loadConfig({ PORT: '0' }).PORT, 0)
  assert.equal(loadConfig({ MOCK_JOURNAL_LIMIT: '0' }).MOCK_JOURNAL_LIMIT, 0)
})

const bad: Array<[Record<string, string>, RegExp]> = [
  [{ PORT: 'abc' }, /^Invalid PORT="abc": must be an integer port from 0 to 65535 \(0 picks a free one\)\. Set it like PORT=4000 \(or --port 4000\), or unset it for the default\.$/],
  [{ PORT: '70000' }, /^Invalid PORT="70000"/],
  [{ PORT: '-1' }, /^Invalid PORT="-1"/],
  [{ PORT: '40.5' }, /^Invalid PORT="40\.5"/],
  [{ MOCK_JOURNAL_LIMIT: 'many' }, /^Invalid MOCK_JOURNAL_LIMIT="many": must be how many requests the journal keeps, an integer from 0 \(off\) to 1000000\. Set it like MOCK_JOURNAL_LIMIT=1000/],
  [{ MOCK_JOURNAL_LIMIT: '2.5' }, /^Invalid MOCK_JOURNAL_LIMIT="2\.5"/],
  [{ REQUEST_TIMEOUT_MS: '10' }, /^Invalid REQUEST_TIMEOUT_MS="10": must be how long a client may take to send a whole request, in milliseconds, an integer from 100 to 600000/],
  [{ HTTPS_PORT: 'yes' }, /^Invalid HTTPS_PORT="yes": must be an integer port from 0 to 65535 for HTTPS beside HTTP/],
  [{ TLS_HOSTNAMES: 'a, b' }, /^Invalid TLS_HOSTNAMES="a, b": must be comma-separated host names/],
  [{ AUTH_MODE: 'none' }, /^Invalid AUTH_MODE="none": must be one of claims, signed, off\. Set it like AUTH_MODE=signed/],
  [{ HOST: 'not a host' }, /^Invalid HOST="not a host": must be an address to bind/],
  [{ MOCK_STORE_LIMIT: '0' }, /^Invalid MOCK_STORE_LIMIT="0": must be the most records one entity set may hold/],
  [{ MOCK_STORE_LIMIT_MB: '1000' }, /^Invalid MOCK_STORE_LIMIT_MB="1000": must be the most MiB of JSON all stored records may take together, fixtures included, an integer from 1 to 400/],
  [{ MOCK_FAULT_RULE_LIMIT: '100000' }, /^Invalid MOCK_FAULT_RULE_LIMIT="100000": must be the most fault rules active at once, an integer from 1 to 10000/],
  [{ MOCK_TOKEN_CLIENT_LIMIT: 'lots' }, /^Invalid MOCK_TOKEN_CLIENT_LIMIT="lots"/],
  [{ MOCK_TENANT_LIMIT: '0' }, /^Invalid MOCK_TENANT_LIMIT="0"/],
  [{ LOG_LEVEL: 'verbose' }, /^Invalid LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent\. Set it like LOG_LEVEL=warn/]
]
for (const [env, message] of bad) {
  test(`a bad value stops with how to fix it: ${JSON.stringify(env)}`, () => {
    assert.throws(() => loadConfig(env), (error: Error) => error instanceof ConfigError && message.test(error.message))
  })
}
