/**
 * The one sink every byte the run prints goes through: the run's output streams, wrapped so
 * that each write is redacted (the API key and credential header values, however the text
 * was built: progress lines, summaries, errors). Writers never get the raw streams.
 */
import type { Redactor } from '../transport/index.ts'

/** `stream`, with every write redacted; everything else (isTTY, columns, events) is the stream's own. */
export function redactingStream<S extends NodeJS.WritableStream>(stream: S, redactor: Redactor): S {
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (...args: unknown[]) => boolean).call(stream, redact(chunk, redactor), ...rest)
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

function redact(chunk: unknown, redactor: Redactor): unknown {
  if (typeof chunk === 'string') return redactor.text(chunk)
  if (chunk instanceof Uint8Array) return redactor.bytes(chunk)
  return chunk
}
