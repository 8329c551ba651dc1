/**
 * Captured traffic files as exchanges: HAR 1.2 (./har.ts), the project's recording format
 * (./recordings.ts) and JSON Lines of `{request, response}` (./jsonl.ts). The format is read
 * from the content, never from the file name; input that is none of them, or is cut short,
 * is a `CaptureError` with one line saying what and where.
 */
import { type Capture, CaptureError, parseJson } from './capture-entry.ts'
import { harEntries, isHar } from './har.ts'
import { exchangeLineEntry, isExchangeLine, jsonLinesEntries } from './jsonl.ts'
import { isRecording, recordingToExchange } from './recordings.ts'

/** Reads a capture file's text; throws `CaptureError` when it is no capture or is cut short. */
export function parseCapture(text: string, file: string): Capture {
  const trimmed = text.replace(/^\uFEFF/, '').trim()
  if (trimmed === '') throw new CaptureError('the file is empty')
  const whole = parseJson(trimmed)
  if (whole.ok) {
    const value = whole.value
    if (isHar(value)) return { format: 'har', entries: harEntries(value, file) }
    if (isRecording(value))
      return { format: 'recording', entries: [{ exchange: recordingToExchange(value), source: { file } }] }
    // One exchange (on one line or not) is a JSON Lines file of one line.
    if (isExchangeLine(value)) return { format: 'jsonl', entries: [exchangeLineEntry(value, { file, line: 1 })] }
    throw new CaptureError('not a capture: expected a HAR 1.2 log, a recording, or JSON Lines of {request, response}')
  }
  // JSON Lines: every line a JSON value. A first line that is not one makes the file a JSON
  // document that does not parse: cut short, or not JSON at all.
  if (!parseJson(trimmed.split('\n', 1)[0]!).ok)
    throw new CaptureError(`not valid JSON (${whole.error}); a truncated file?`)
  return { format: 'jsonl', entries: jsonLinesEntries(trimmed, file) }
}
