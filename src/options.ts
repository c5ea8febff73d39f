/**
 * startGraphMock's options: every setting of config.ts under a camel-case name without the
 * `MOCK_` prefix (`PORT` is `port`, `MOCK_PAGE_SIZE` is `pageSize`), typed by the setting's schema,
 * and `fixtures`, a directory or the records themselves, in place of `FIXTURES_DIR`.
 */
import { Value } from '@sinclair/typebox/value'
import { ConfigError, ConfigSchema, checkedConfig, type Config } from './config.js'
import type { FixtureSets } from './state/fixtures.js'

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}` : Lowercase<S>
type OptionName<Setting extends string> = CamelCase<Setting extends `MOCK_${infer Rest}` ? Rest : Setting>

type Setting = Exclude<keyof Config, 'FIXTURES_DIR'>

// `| undefined`: an option left undefined takes its default, as `{ port: env.PORT ? Number(env.PORT) : undefined }` means.
export type GraphMockOptions = { readonly [S in Setting as OptionName<S>]?: Config[S] | undefined } & {
  /** A directory of `<EntitySet>.json` files, or the records themselves by entity set and id; the bundled fixtures when left out. */
  readonly fixtures?: string | FixtureSets | undefined
}

/** `MOCK_PAGE_SIZE` is `pageSize`, as OptionName spells it. */
export function optionNameOf (setting: string): string {
  return setting.replace(/^MOCK_/, '').toLowerCase().replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())
}

const OPTION_SETTINGS = new Map(Object.keys(ConfigSchema.properties)
  .filter((setting) => setting !== 'FIXTURES_DIR')
  .map((setting) => [optionNameOf(setting), setting as Setting]))

/** Every setting's name, as a word of a message. */
const SETTING_NAMES = new RegExp(`\\b(?:${Object.keys(ConfigSchema.properties).join('|')})\\b`, 'g')

/**
 * A message written for the environment's settings, in the words of startGraphMock's options:
 * `FIXTURES_DIR` is `fixtures`, `TLS_CERT_FILE` is `tlsCertFile`, so a suite is told what to pass.
 */
export function inOptionTerms (message: string): string {
  return message.replace(SETTING_NAMES, (setting) => (setting === 'FIXTURES_DIR' ? 'fixtures' : optionNameOf(setting)))
}

/** A setting's example, as the value an option takes: `4000`, not `"4000"`. */
const typedExample = (setting: keyof Config, example: string) => JSON.stringify(Value.Convert(ConfigSchema.properties[setting], example))

/**
 * What differs in a test process from a server of its own: any free port, as two suites may run
 * at once; and only warnings in the suite's output.
 */
const IN_PROCESS_DEFAULTS: Partial<Config> = { PORT: 0, LOG_LEVEL: 'warn' }

/** A value as a message shows what was passed: `NaN`, `true`, `"1e1"`, `an array`. */
function shownValue (value: unknown): string {
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) return JSON.stringify(value)
  return String(value)
}

/** The configuration `options` give, checked as the environment's is but not converted: a port is a number. Throws ConfigError naming the option. */
export function configFromOptions (options: GraphMockOptions): Config {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`startGraphMock takes an object of options, like { port: 0, httpsPort: 0 }, or none; it was ${shownValue(options)}.`)
  }
  const given = options as Readonly<Record<string, unknown>>
  for (const name of Object.keys(given)) {
    if (name !== 'fixtures' && !OPTION_SETTINGS.has(name)) throw new TypeError(`startGraphMock has no option '${name}'. Its options: fixtures, ${[...OPTION_SETTINGS.keys()].join(', ')}.`)
  }
  const { fixtures } = options as { fixtures?: unknown }
  if (fixtures !== undefined && typeof fixtures !== 'string' && (typeof fixtures !== 'object' || fixtures === null || Array.isArray(fixtures))) {
    throw new TypeError(`startGraphMock's fixtures must be a directory, or an object of records by entity set and id, like { 'deviceManagement.remoteAssistancePartners': { '<id>': { …properties } } }; it was ${fixtures === null ? 'null' : Array.isArray(fixtures) ? 'an array' : typeof fixtures}.`)
  }
  const raw: Partial<Record<keyof Config, unknown>> = { ...IN_PROCESS_DEFAULTS }
  for (const [name, setting] of OPTION_SETTINGS) if (given[name] !== undefined) raw[setting] = given[name]
  if (typeof options.fixtures === 'string') raw.FIXTURES_DIR = options.fixtures
  try {
    return checkedConfig(raw, (setting, value, description, example) =>
      `Invalid option ${optionNameOf(setting)}: ${shownValue(value)}; it must be ${description}. Pass it like { ${optionNameOf(setting)}: ${typedExample(setting, example)} }, or leave it out for the default.`, false)
  } catch (error) {
    // Descriptions and cross-checks name other settings as the environment spells them.
    if (error instanceof ConfigError) throw new ConfigError(inOptionTerms(error.message))
    throw error
  }
}
