/**
 * Builds dist/: the command line (server.js), the library (index.js) and the control client
 * (client.js), each an ES module carrying its dependencies, sharing chunks. Loading one file
 * instead of some 400 from node_modules halves the time from spawn to the first answer, the
 * image needs no node_modules, and the package installs no runtime dependencies of its own.
 * What is imported lazily (node-forge for HTTPS, jose for tokens) stays in chunks of its own,
 * loaded only when used. Because the bundles carry other projects' code, their licences are
 * written beside them, in THIRD-PARTY-LICENSES.txt.
 */
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUT_DIR = join(ROOT, 'dist')

/** The packages whose files the bundles hold, each by the directory of its package.json. */
function bundledPackages (metafile: Metafile): Set<string> {
  const packages = new Set<string>()
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (match?.[1] !== undefined) packages.add(match[1])
  }
  return packages
}

/** Each bundled package's name, version, licence and licence text, as its MIT, ISC or BSD licence asks copies to carry. */
async function thirdPartyLicenses (metafile: Metafile): Promise<string> {
  const sections = []
  for (const dir of [...bundledPackages(metafile)].sort()) {
    const { name, version, license } = JSON.parse(await readFile(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string, version: string, license?: string }
    const licenseFile = (await readdir(join(ROOT, dir))).find((file) => /^(licen[cs]e|copying)/i.test(file))
    const text = licenseFile === undefined ? `(no licence file; package.json says ${license ?? 'nothing'})` : (await readFile(join(ROOT, dir, licenseFile), 'utf8')).trim()
    sections.push(`${name} ${version} (${license ?? 'unknown'})\n\n${text}`)
  }
  return `graph-mock's dist/ bundles these packages:\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`
}

await rm(OUT_DIR, { recursive: true, force: true })
const { metafile } = await build({
  entryPoints: ['server', 'index', 'client'].map((entry) => join(ROOT, 'src', `${entry}.ts`)),
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  metafile: true,
  // A devDependency, imported only when stdout is a terminal and it is installed.
  external: ['pino-pretty'],
  // The CommonJS packages inside (Fastify, pino, Ajv) require Node's own modules, and an ES
  // module has no require of its own.
  banner: { js: "import { createRequire as graphMockCreateRequire } from 'node:module'; const require = graphMockCreateRequire(import.meta.url);" },
  logLevel: 'warning'
})
await writeFile(join(OUT_DIR, 'THIRD-PARTY-LICENSES.txt'), await thirdPartyLicenses(metafile))
