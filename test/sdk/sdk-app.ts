/** Runs an SDK app of test/clients as its own process, configured as production would configure it, for the end-to-end tests of test/sdk. */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

/** The app's tenant, as production names one: its requests are that tenant's, which the tests arrange and read at tenantControl. */
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47'

/** The control API of the app's tenant. */
export const tenantControl = (baseUrl: string) => `${baseUrl}/_mock/tenants/${TENANT_ID}`

export interface SdkAppRun {
  /** The graph-mock HTTPS listener the app is pointed at, as Graph and as its authority. */
  httpsUrl: string
  /** Where graph-mock wrote ca.pem, which the app trusts. */
  tlsDir: string
  /** Settings of the app's own beyond the common ones. */
  env?: Record<string, string>
}

/** The app sees nothing but base URLs, credentials and a CA to trust; resolves with what it printed. */
export async function runSdkApp (script: string, { httpsUrl, tlsDir, env = {} }: SdkAppRun): Promise<string> {
  const { port } = new URL(httpsUrl)
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
    env: {
      PATH: process.env['PATH'],
      NODE_EXTRA_CA_CERTS: join(tlsDir, 'ca.pem'),
      // The SDKs send tokens to host names they allow, which hold no port.
      GRAPH_BASE_URL: `https://localhost:${port}`,
      AUTHORITY_HOST: `https://localhost:${port}`,
      TENANT_ID,
      CLIENT_ID: 'remote-help-app',
      CLIENT_SECRET: 'app-secret',
      ...env
    },
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024
  })
  return stdout
}
