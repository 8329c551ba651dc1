/**
 * A problem with what the user asked for (flags, environment, config file), as opposed
 * to a problem with the target. The CLI prints `message` (one line) and exits 2.
 */
export class UsageError extends Error {
  override name = 'UsageError'

  constructor(message: string) {
    // One line, always: a multi-line message would read like a stack trace in a terminal.
    super(message.replace(/\s*[\r\n]+\s*/g, ' '))
  }
}

/** The first line of a foreign error's message (a failing import, a JSON syntax error). */
export function firstLine(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code
  const message = error instanceof Error ? error.message : String(error)
  return message.split(/\r?\n/, 1)[0]?.trim() || String(error)
}
