/** graph-mock's configuration: one schema holding every setting, its default and how to fix a bad value. */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { fileURLToPath } from 'node:url'
import { AUTH_MODES } from './graph/auth.js'
import { servedPermissions } from './resources/index.js'
import { StartError } from './start-error.js'

/** The fixtures shipped with graph-mock, one level above both src/ and dist/: the default wherever graph-mock is started from. */
export const BUNDLED_FIXTURES_DIR = fileURLToPath(new URL('../fixtures', import.meta.url))

/** Also buildApp's default, for apps built without a configuration (tests). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Each setting's `description` completes "must be …" in the error a bad value gets. */
export const ConfigSchema = Type.Object({
  // A Number with multipleOf, not an Integer: TypeBox would convert "40.5" to a valid 40.
  PORT: Type.Number({ multipleOf: 1, minimum: 0, maximum: 65535, default: 4000, description: 'an integer port from 0 to 65535 (0 picks a free one)', examples: ['4000'] }),
  HOST: Type.String({ pattern: '^[^\\s/]+$', default: '127.0.0.1', description: 'an address to bind, such as 127.0.0.1, or 0.0.0.0 for every interface', examples: ['0.0.0.0'] }),
  FIXTURES_DIR: Type.String({ minLength: 1, default: BUNDLED_FIXTURES_DIR, description: 'a directory of <EntitySet>.json fixture files', examples: ['./fixtures'] }),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)), { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}`, examples: ['warn'] }),
  MOCK_ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 1, description: 'the bearer token the control API requires, or unset for an open control API', examples: ['s3cret'] })),
  HTTPS_PORT: Type.Optional(Type.Number({ multipleOf: 1, minimum: 0, maximum: 65535, description: 'an integer port from 0 to 65535 for HTTPS beside HTTP, or unset for none', examples: ['4443'] })),
  TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1, description: 'a PEM certificate (chain) file for HTTPS, with TLS_KEY_FILE', examples: ['/certs/tls.crt'] })),
  TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'the PEM private key of TLS_CERT_FILE', examples: ['/certs/tls.key'] })),
  TLS_HOSTNAMES: Type.String({ pattern: '^[^,\\s]+(,[^,\\s]+)*$', default: 'localhost,127.0.0.1,::1,graph-mock', description: 'comma-separated host names and IP addresses for the generated certificate', examples: ['localhost,127.0.0.1,graph-mock'] }),
  TLS_DIR: Type.Optional(Type.String({ minLength: 1, description: 'a directory where the local CA is kept between starts and ca.pem is written', examples: ['/var/lib/graph-mock/tls'] })),
  AUTH_MODE: Type.Union(AUTH_MODES.map((mode) => Type.Literal(mode)), { default: 'claims', description: `one of ${AUTH_MODES.join(', ')}`, examples: ['signed'] }),
  TOKEN_ROLES: Type.String({ pattern: '^[^,\\s]+(,[^,\\s]+)*$', default: servedPermissions().join(','), description: 'comma-separated roles of the tokens the issuer gives apps nobody registered', examples: ['DeviceManagementConfiguration.Read.All'] }),
  REQUEST_TIMEOUT_MS: Type.Number({ multipleOf: 1, minimum: 100, maximum: 600_000, default: DEFAULT_REQUEST_TIMEOUT_MS, description: 'how long a client may take to send a whole request, in milliseconds, an integer from 100 to 600000', examples: ['30000'] }),
  MOCK_JOURNAL_LIMIT: Type.Number({ multipleOf: 1, minimum: 0, maximum: 1_000_000, default: 1000, description: 'how many requests the journal keeps, an integer from 0 (off) to 1000000', examples: ['1000'] }),
  MOCK_STORE_LIMIT: Type.Number({ multipleOf: 1, minimum: 1, maximum: 10_000_000, default: 100_000, description: 'the most records one entity set may hold, fixtures included, an integer from 1 to 10000000', examples: ['100000'] }),
  // At most 400: the Graph list of a whole set must stay below V8's longest string (2^29 characters).
  MOCK_STORE_LIMIT_MB: Type.Number({ multipleOf: 1, minimum: 1, maximum: 400, default: 256, description: 'the most MiB of JSON all stored records may take together, fixtures included, an integer from 1 to 400', examples: ['256'] }),
  // Each tenant's MOCK_STORE_LIMIT_MB times MOCK_TENANT_LIMIT's 100 would be some 30 GB of memory.
  MOCK_STORE_TOTAL_LIMIT_MB: Type.Number({ multipleOf: 1, minimum: 1, maximum: 100_000, default: 1024, description: 'the most MiB of JSON the stored records of every tenant may take together, an integer from 1 to 100000', examples: ['1024'] }),
  MOCK_FAULT_RULE_LIMIT: Type.Number({ multipleOf: 1, minimum: 1, maximum: 10_000, default: 100, description: 'the most fault rules active at once, an integer from 1 to 10000', examples: ['100'] }),
  MOCK_PAGE_SIZE: Type.Optional(Type.Number({ multipleOf: 1, minimum: 1, maximum: 1_000_000, description: 'the page size of every collection, an integer from 1 to 1000000, or unset for each collection\'s own (1000 for managed devices, else 100)', examples: ['1000'] })),
  MOCK_THROTTLING: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'off', description: 'on or off: whether tenants start with Intune\'s published request budgets (each can be switched at /_mock/throttling)', examples: ['on'] }),
  MOCK_TENANT_LIMIT: Type.Number({ multipleOf: 1, minimum: 1, maximum: 10_000, default: 100, description: 'the most tenants held at once, the default one included, an integer from 1 to 10000', examples: ['100'] }),
  // At least the longest a request can be held (a fault's 300 s delay, then a 600 s upload), so that no tenant is dropped under a request still using it.
  MOCK_TENANT_IDLE_SECONDS: Type.Number({ multipleOf: 1, minimum: 900, maximum: 86_400, default: 900, description: 'how long a tenant must go unused before a new one may take its place when MOCK_TENANT_LIMIT is reached, in seconds, an integer from 900 to 86400', examples: ['900'] }),
  MOCK_TOKEN_CLIENT_LIMIT: Type.Number({ multipleOf: 1, minimum: 1, maximum: 100_000, default: 1000, description: 'the most apps registered with the token issuer at once, an integer from 1 to 100000', examples: ['1000'] })
})
export type Config = Static<typeof ConfigSchema>

/** A setting's command-line flag: `HTTPS_PORT` is `--https-port`. */
export const flagOf = (setting: string) => setting.toLowerCase().replaceAll('_', '-')

export class ConfigError extends StartError {
  override name = 'ConfigError'
}

function describe (schema: TSchema): { description: string, example: string } {
  return { description: String(schema['description']), example: String((schema['examples'] as unknown[])[0]) }
}

/** How a bad value is named to the person who gave it: as a variable and a flag, or as an option of startGraphMock. */
export type SettingNamer = (setting: keyof Config, given: unknown, description: string, example: string) => string

/**
 * The settings in `raw` (absent ones take their defaults), checked, and converted from text when
 * `fromText` (the environment's and the command line's; options come typed, and `true` is no
 * port). Throws ConfigError, worded by `namer`, on a bad value.
 */
export function checkedConfig (raw: Partial<Record<keyof Config, unknown>>, namer: SettingNamer, fromText = true): Config {
  const candidate = Value.Default(ConfigSchema, fromText ? Value.Convert(ConfigSchema, { ...raw }) : { ...raw })
  const error = Value.Errors(ConfigSchema, candidate).First()
  if (error !== undefined) {
    const key = error.path.slice(1) as keyof Config
    const { description, example } = describe(ConfigSchema.properties[key])
    throw new ConfigError(namer(key, raw[key], description, example))
  }
  const config = candidate as Config
  // A certificate nothing would serve: the setting that would is missing, not the files wrong.
  if (config.HTTPS_PORT === undefined && (config.TLS_CERT_FILE !== undefined || config.TLS_KEY_FILE !== undefined)) {
    throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE are the certificate of HTTPS, which HTTPS_PORT turns on: set HTTPS_PORT too, or leave them out.')
  }
  return config
}

/**
 * Environment variables by name, as `process.env` holds them. Graph-mock's own type, not
 * `NodeJS.ProcessEnv`, so that its published declarations need no global from @types/node, which
 * TypeScript 6 no longer loads unless a project names it.
 */
export type Environment = Readonly<Record<string, string | undefined>>

/**
 * Reads the settings from `env`; an unset or empty variable takes its default. Throws ConfigError
 * on a bad value, naming it as the flag in `flags` that gave it (readCommandLine's), else as its variable.
 */
export function loadConfig (env: Environment, flags: ReadonlyMap<keyof Config, string> = new Map()): Config {
  const raw: Record<string, string> = {}
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key]?.trim()
    if (value !== undefined && value !== '') raw[key] = value
  }
  return checkedConfig(raw, (key, given, description, example) => {
    const flag = flags.get(key)
    return flag === undefined
      ? `Invalid ${key}=${JSON.stringify(given)}: must be ${description}. Set it like ${key}=${example} (or --${flagOf(key)} ${example}), or unset it for the default.`
      : `Invalid --${flag} ${JSON.stringify(given)}: must be ${description}. Pass it like --${flag} ${example}, or leave it out for the default (${key}).`
  })
}
