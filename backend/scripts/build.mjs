// `npm run build`: the production bundle in dist/ (server.js, seed.js and shared chunks);
// `node scripts/build.mjs <dir>` writes it elsewhere (the bundle's test does).
// One bundle instead of tsc's file-per-module output because Node spent most of its start-up
// resolving and loading several hundred small modules of node_modules; bundled, it reaches
// /ready in about half the time (docs/testing.md, "The bundle"). Types are checked by
// `npm run check`, not here. The packages in BUNDLE_EXTERNALS stay in node_modules.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { BUNDLE_EXTERNALS } from '../../docker/image-packages.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist'))

fs.rmSync(outdir, { recursive: true, force: true })
await esbuild.build({
  entryPoints: [path.join(root, 'src/server.ts'), path.join(root, 'src/seed.ts')],
  outdir,
  bundle: true,
  splitting: true, // the lazily imported OpenAI brain stays a chunk of its own
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: BUNDLE_EXTERNALS,
  // Bundled CommonJS packages call require(); ESM output has none unless it is made here.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Not minified and without source maps (they would triple the image's share): a stack
  // trace in the logs names the original functions in readable chunks.
  logLevel: 'warning',
})
