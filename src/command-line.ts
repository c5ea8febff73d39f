/**
 * graph-mock's command line: `--help`, `--version`, and one flag for every setting of
 * config.ts (`--port 0`, `--fixtures ./fixtures`), read with Node's util.parseArgs. A flag wins
 * over the environment variable of the same setting.
 */
import { parseArgs } from 'node:util'
import { ConfigSchema, flagOf, type Environment } from './config.js'
import { StartError } from './start-error.js'

type Setting = keyof typeof ConfigSchema.properties

/** Shorter names for the settings a user types most. */
const ALIASES: Partial<Record<Setting, string>> = { FIXTURES_DIR: 'fixtures' }

const SETTINGS = Object.keys(ConfigSchema.properties) as Setting[]
const FLAGS = new Map<string, Setting>(SETTINGS.flatMap((setting) => {
  const alias = ALIASES[setting]
  return [[flagOf(setting), setting], ...(alias === undefined ? [] : [[alias, setting] as const])] as Array<[string, Setting]>
}))

/** `flags`: the flag, as typed, that set each setting the flags set, to name it in an error. */
export type CommandLine = { action: 'help' | 'version' } | { action: 'start', env: Environment, flags: ReadonlyMap<Setting, string> }

/** What the arguments ask for; for a start, the environment with the flags' values in place of their variables'. Throws StartError for a bad flag. */
export function readCommandLine (args: readonly string[], env: Environment): CommandLine {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        ...Object.fromEntries([...FLAGS.keys()].map((flag) => [flag, { type: 'string' as const }]))
      },
      allowPositionals: false,
      strict: true
    })
  } catch (error) {
    throw new StartError(`${(error as Error).message}. Run graph-mock --help for every setting and its flag.`)
  }
  const { values } = parsed
  if (values['help'] === true) return { action: 'help' }
  if (values['version'] === true) return { action: 'version' }
  const fromFlags: Record<string, string> = {}
  const flags = new Map<Setting, string>()
  for (const [flag, value] of Object.entries(values)) {
    const setting = FLAGS.get(flag)
    if (setting === undefined || typeof value !== 'string') continue
    fromFlags[setting] = value
    flags.set(setting, flag)
  }
  return { action: 'start', env: { ...env, ...fromFlags }, flags }
}

/** `--help`: every setting, its flag, its environment variable and its default. */
export function helpText (): string {
  const lines = SETTINGS.map((setting) => {
    const schema = ConfigSchema.properties[setting] as { description?: string, default?: unknown }
    const alias = ALIASES[setting]
    const flags = [`--${flagOf(setting)}`, ...(alias === undefined ? [] : [`--${alias}`])].join(', ')
    const fallback = schema.default === undefined ? 'unset' : String(schema.default)
    return `  ${flags} <value>\n      ${setting}, default ${fallback}: must be ${String(schema.description)}`
  })
  return [
    'graph-mock: a local Microsoft Graph (beta, Intune Remote Help) for integration tests.',
    '',
    'Usage: graph-mock [--setting value ...]    every setting is also read from its environment variable; a flag wins',
    '       graph-mock --help | --version',
    '',
    'Settings:',
    ...lines,
    ''
  ].join('\n')
}
