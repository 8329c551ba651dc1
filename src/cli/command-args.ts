/** The flags of a small command (`diff`, `expectations`, …): strict `parseArgs`, and a usage error naming the command. */
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { UsageError } from '../config/index.ts'

export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options })
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (see ${command} --help)`)
  }
}
