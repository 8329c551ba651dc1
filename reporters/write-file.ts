import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface WriteOptions {
  /**
   * Applied to the serialised text just before it is written: the last chance to remove
   * secrets. It must keep the format valid (replace a secret with a plain token).
   */
  scrub?: (text: string) => string
}

/**
 * Writes `dir/name` (creating `dir`), through a temporary file and a rename so a reader
 * (a CI step) never sees half a report. Returns the absolute path.
 */
export async function writeReportFile(
  dir: string,
  name: string,
  text: string,
  options: WriteOptions = {},
): Promise<string> {
  const file = path.resolve(dir, name)
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, options.scrub ? options.scrub(text) : text, 'utf8')
  await rename(temporary, file)
  return file
}
