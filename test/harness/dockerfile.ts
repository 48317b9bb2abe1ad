// What a stage of one of the project's Dockerfiles runs, read from the file itself, so the
// suites and the bench run exactly the image's command (no second copy to drift).
import fs from 'node:fs'
import path from 'node:path'
import { repoRoot } from './launch.js'

/** The WORKDIR in effect and the CMD of `stage` in `dockerfile` (a path from the repository root). */
export function dockerStage(dockerfile: string, stage: string, root = repoRoot): { workdir: string; cmd: string[] } | undefined {
  const lines = fs.readFileSync(path.join(root, dockerfile), 'utf8').split('\n')
  const start = lines.findIndex((l) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${stage}\\s*$`, 'i').test(l))
  if (start < 0) return undefined
  const end = lines.findIndex((l, i) => i > start && /^FROM\s/i.test(l))
  const body = lines.slice(start, end < 0 ? undefined : end)
  const workdirs = [...lines.slice(0, start), ...body].filter((l) => /^WORKDIR\s/.test(l))
  const cmd = body.find((l) => /^CMD\s/.test(l))
  return { workdir: workdirs.at(-1)!.split(/\s+/)[1]!, cmd: cmd ? (JSON.parse(cmd.slice(4)) as string[]) : [] }
}

/** The backend runtime image's node arguments (its CMD without `node`), run from backend/. */
export function backendRuntimeArgs(root = repoRoot): string[] {
  const { cmd } = dockerStage('backend/Dockerfile', 'runtime', root)!
  if (cmd[0] !== 'node') throw new Error(`backend/Dockerfile runtime CMD does not start with node: ${JSON.stringify(cmd)}`)
  return cmd.slice(1)
}
