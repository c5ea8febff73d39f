/**
 * startGraphMock: graph-mock inside a test process, on free ports, with what a suite needs to
 * point an app at it (its URLs, the CA to trust, the issuer's authority) and the control client.
 */
import { createControlClient, type ControlClient } from './client.js'
import { loggerOptions } from './logger.js'
import { prepareLaunch, type Launch } from './launch.js'
import { configFromOptions, inOptionTerms, type GraphMockOptions } from './options.js'
import { RESOURCES, fixtureRules, secretProperties } from './resources/index.js'
import { checkedSeed, loadFixtures } from './state/fixtures.js'
import { DEFAULT_TENANT_ID } from './state/tenants.js'
import { StartError } from './start-error.js'

export interface GraphMock {
  /** The HTTP listener, `http://127.0.0.1:<port>`: Graph's base URL is `${url}/beta` (or `/v1.0`). */
  readonly url: string
  /** The HTTPS listener, when `httpsPort` was given. The official SDKs send tokens only over HTTPS. */
  readonly httpsUrl: string | undefined
  /** The local CA that signed the HTTPS certificate (PEM), for the app's TLS options; undefined without HTTPS or with your own certificate. */
  readonly ca: string | undefined
  /** The tenant tokens are issued for unless a suite asks for another, as Entra's `tid`. */
  readonly tenantId: string
  /** Where @azure/identity and MSAL get tokens: `authorityHost` (with instance discovery off), on HTTPS when there is HTTPS. */
  readonly authorityHost: string
  /** `${authorityHost}/${tenantId}`, the authority MSAL takes. */
  readonly authority: string
  /** The control API (reset, store, journal, fault rules, tenants, clock), typed. */
  readonly control: ControlClient
  /** The control API of one tenant (its GUID), whose tenant-scoped calls go to /_mock/tenants/{tenantId}/…, as a parallel suite's test needs it. */
  controlFor: (tenantId: string) => ControlClient
  /** Stops listening, ending open connections within about a second. */
  close: () => Promise<void>
}

/** A start error, whose fixes are written for the environment's settings, in the words of the options a suite passes instead. */
function inOptionWords (error: unknown): unknown {
  if (error instanceof StartError) {
    error.stack = error.stack?.replace(error.message, inOptionTerms(error.message))
    error.message = inOptionTerms(error.message)
  }
  return error
}

/** Starts graph-mock in this process; options mirror the settings (see GraphMockOptions). Rejects with a ConfigError naming a bad option, a FixtureError naming a bad fixture, a TlsError naming an unusable certificate, or a ListenError naming the option whose port or host cannot be listened on. */
export async function startGraphMock (options: GraphMockOptions & { httpsPort: number }): Promise<GraphMock & { readonly httpsUrl: string }>
export async function startGraphMock (options?: GraphMockOptions): Promise<GraphMock>
export async function startGraphMock (options: GraphMockOptions = {}): Promise<GraphMock> {
  const config = configFromOptions(options)
  let launch: Launch
  try {
    const rules = fixtureRules(RESOURCES)
    const seed = typeof options.fixtures === 'object'
      ? checkedSeed(options.fixtures, rules, (entitySet) => `fixtures.${entitySet}`)
      : await loadFixtures(config.FIXTURES_DIR, rules)
    launch = await prepareLaunch(config, seed, await loggerOptions(config.LOG_LEVEL, false, secretProperties(RESOURCES)))
  } catch (error) {
    throw inOptionWords(error)
  }
  let url: string | undefined
  let httpsUrl: string | undefined
  try {
    [url = '', httpsUrl] = await launch.listen()
  } catch (error) {
    // One listener may be up when the other fails; a rejected start must leave nothing behind.
    await launch.close()
    throw inOptionWords(error)
  }
  const authorityHost = httpsUrl ?? url
  let closed: Promise<void> | undefined
  return {
    url,
    httpsUrl,
    ca: launch.caPem,
    tenantId: DEFAULT_TENANT_ID,
    authorityHost,
    authority: `${authorityHost}/${DEFAULT_TENANT_ID}`,
    control: createControlClient({ baseUrl: url, adminToken: config.MOCK_ADMIN_TOKEN }),
    controlFor: (tenantId) => createControlClient({ baseUrl: url, adminToken: config.MOCK_ADMIN_TOKEN, tenantId }),
    close: async () => await (closed ??= launch.close())
  }
}
