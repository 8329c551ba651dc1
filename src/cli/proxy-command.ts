import type { RunIo } from '../run/start-run.ts'
export async function runProxy(_argv: string[], _io: RunIo): Promise<number> {
  return 2
}
