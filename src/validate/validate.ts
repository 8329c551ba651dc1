/**
 * The main job of `oai-conformance validate FILE...`: read each capture file (format from
 * its content), keep the API calls (of the hosts asked for), judge each as one case, and
 * write the same report set as a run. A file that cannot be read is one line on stderr and
 * makes the exit code 2; the other files are still judged.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { CATALOGUE, type Catalogue } from '../apis/index.ts'
import type { Capability } from '../core/capabilities.ts'
import type { CaseResult } from '../core/types.ts'
import { firstLine } from '../config/errors.ts'
import { type Capture, CaptureError } from '../formats/capture-entry.ts'
import { parseCapture } from '../formats/captures.ts'
import { buildReport, type Report } from '../report/index.ts'
import { specProvenance } from '../spec/index.ts'
import { createReportWriters, DEFAULT_WRITERS, type ReportWriterReference, useColor } from '../../reporters/index.ts'
import { EXIT, type ExitCode, exitCode, mostlyInconclusive } from '../run/exit-code.ts'
import { TOOL } from '../run/package-root.ts'
import { redactingStream } from '../run/redacting-io.ts'
import { prepareReportDir } from '../run/report-dir.ts'
import { type RunIo, writeReportsOrFallBack } from '../run/start-run.ts'
import { apiCallOf, judgeExchange } from './judge.ts'
import { createLearningRedactor, redactExchange, requestSecrets } from './secrets.ts'

export interface ValidateOptions {
  /** The capture files, as named on the command line. */
  files: readonly string[]
  /**
   * Judge only exchanges with these hosts (`api.openai.com`, or with its port `127.0.0.1:8080`).
   * @default [] : every host
   */
  hosts?: readonly string[]
  /** Where report.json and junit.xml go. */
  reportDir: string
}

export interface ValidateSetup {
  /**
   * The catalogue whose operations say what an API call is and whose check sets judge it.
   * @default CATALOGUE
   */
  catalogue?: Catalogue
  /** @default DEFAULT_WRITERS */
  writers?: readonly ReportWriterReference[]
}

/** Why entries of a capture are not judged, counted. */
export interface IgnoredCounts {
  /** Not a request to an API operation the catalogue knows (a page, a script, another service's path). */
  notApiCalls: number
  /** An API call to a host `--host` did not pick. */
  otherHosts: number
}

/** What reading one capture file gave. */
export type FileOutcome =
  | { file: string; ok: true; capture: Capture; judged: number; ignored: IgnoredCounts }
  | { file: string; ok: false; problem: string }

/** Judges the captures, writes the reports and resolves to the exit code (0, 1, or 2 for unusable input). */
export async function startValidate(
  options: ValidateOptions,
  io: RunIo,
  { catalogue = CATALOGUE, writers = DEFAULT_WRITERS }: ValidateSetup = {},
): Promise<ExitCode> {
  const reportWriters = createReportWriters(writers)
  await prepareReportDir(options.reportDir)
  const startedAt = new Date()
  const outcomes = await Promise.all(options.files.map(readCaptureFile))
  const entries = outcomes.flatMap((outcome) => (outcome.ok ? outcome.capture.entries : []))
  const redactor = createLearningRedactor(entries.flatMap((entry) => requestSecrets(entry.exchange.request.headers)))
  // From here on every byte printed goes through the redactor (src/run/redacting-io.ts).
  io = { stdout: redactingStream(io.stdout, redactor), stderr: redactingStream(io.stderr, redactor) }

  const cases: CaseResult[] = []
  const baseURLs = new Set<string>()
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      io.stderr.write(`oai-conformance validate: ${outcome.file}: ${outcome.problem}\n`)
      continue
    }
    const hosts = options.hosts ?? []
    for (const entry of outcome.capture.entries) {
      const exchange = redactExchange(entry.exchange, redactor)
      const call = apiCallOf(exchange, catalogue)
      if (!call) outcome.ignored.notApiCalls++
      else if (hosts.length > 0 && !hostPicked(exchange.request.url, hosts)) outcome.ignored.otherHosts++
      else {
        outcome.judged++
        baseURLs.add(call.baseURL)
        cases.push(judgeExchange({ ...entry, exchange }, call.operation, cases.length + 1, catalogue))
      }
    }
    io.stdout.write(`${describeFile(outcome)}\n`)
  }

  const bad = outcomes.filter((outcome) => !outcome.ok).length
  if (cases.length === 0) {
    const read = outcomes.filter((outcome) => outcome.ok)
    if (read.length > 0) io.stderr.write(`oai-conformance validate: no API calls to judge in ${describeInputs(read)}\n`)
    return EXIT.usage
  }
  const report = capturedTrafficReport({
    name: captureNames(outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.file)),
    baseURLs: [...baseURLs],
    cases,
    startedAt,
  })
  const color = useColor(io.stdout)
  const context = { scrub: (text: string) => redactor.text(text), out: io.stdout, color, dir: options.reportDir }
  await writeReportsOrFallBack(report, reportWriters, context, io.stderr)
  const unjudged = mostlyInconclusive(report)
  if (unjudged) io.stderr.write(`oai-conformance validate: the captures could not be judged: ${unjudged}\n`)
  if (bad > 0) {
    io.stderr.write(`oai-conformance validate: ${bad} of ${outcomes.length} files could not be read\n`)
    return EXIT.usage
  }
  return exitCode({ runErrors: [], report })
}

/** Reads and parses one capture file; never throws. */
export async function readCaptureFile(file: string): Promise<FileOutcome> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    return { file, ok: false, problem: `cannot be read (${firstLine(error)})` }
  }
  try {
    return { file, ok: true, capture: parseCapture(text, file), judged: 0, ignored: { notApiCalls: 0, otherHosts: 0 } }
  } catch (error) {
    if (error instanceof CaptureError) return { file, ok: false, problem: error.message }
    return { file, ok: false, problem: `could not be read as a capture (${firstLine(error)})` }
  }
}

/** Whether the URL's host (with or without its port) is one of `hosts`. */
export function hostPicked(url: string, hosts: readonly string[]): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  const wanted = hosts.map((host) => host.toLowerCase())
  return wanted.includes(parsed.host.toLowerCase()) || wanted.includes(parsed.hostname.toLowerCase())
}

const FORMAT_NAMES = { har: 'HAR', recording: 'recording', jsonl: 'JSON Lines' } as const

/** `a.har (HAR): 12 entries, 4 judged, 8 ignored (6 not API calls, 2 other hosts)`. */
export function describeFile(outcome: Extract<FileOutcome, { ok: true }>): string {
  const { capture, judged, ignored } = outcome
  const total = capture.entries.length
  const ignoredCount = ignored.notApiCalls + ignored.otherHosts
  const why = [
    ignored.notApiCalls ? `${ignored.notApiCalls} not API calls` : '',
    ignored.otherHosts ? `${ignored.otherHosts} other hosts` : '',
  ].filter(Boolean)
  const ignoredText = ignoredCount ? `, ${ignoredCount} ignored (${why.join(', ')})` : ''
  return `${outcome.file} (${FORMAT_NAMES[capture.format]}): ${total} ${total === 1 ? 'entry' : 'entries'}, ${judged} judged${ignoredText}`
}

/** `captures: a.har, b.jsonl`, or `captures: a.har, b.har, c.har and 12 more`: the files by base name. */
export function captureNames(files: readonly string[]): string {
  const names = files.map((file) => basename(file))
  const more = names.length > 3 ? ` and ${names.length - 3} more` : ''
  return `captures: ${names.slice(0, 3).join(', ')}${more}`
}

function describeInputs(outcomes: readonly FileOutcome[]): string {
  return outcomes.map((outcome) => outcome.file).join(', ')
}

/** What the report of judged captured traffic is built from. */
export interface CapturedTrafficReportInput {
  /** The target's name in the report. */
  name: string
  /** The base URLs the requests went to. */
  baseURLs: readonly string[]
  cases: readonly CaseResult[]
  startedAt: Date
}

/** The report of cases judged from captured traffic (validate, proxy): the usual model, its capabilities those seen. */
export function capturedTrafficReport({ name, baseURLs, cases, startedAt }: CapturedTrafficReportInput): Report {
  const capabilities = [...new Set(cases.map((result) => result.capability))] as Capability[]
  return buildReport({
    tool: TOOL,
    spec: specProvenance(),
    target: { name, baseURL: baseURLs.join(' '), models: {} },
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    cases,
    capabilitiesRun: capabilities,
  })
}
