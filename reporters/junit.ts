/**
 * `junit.xml` for CI: one `<testsuite>` per capability, one `<testcase>` per case.
 *
 * JUnit knows pass, failure, error and skipped; a conformance report has one more status.
 * The mapping: `fail` -> `<failure>` (type = the first failing check's id; the text lists
 * every failing check), `inconclusive` -> `<error>` (we could not judge: not the
 * target's fault, not a pass either), `skip` -> `<skipped>`, `warn` -> a passing test
 * whose `<system-out>` lists the warnings.
 */
import type { CaseResult } from '../src/core/types.ts'
import { checksWithStatus } from '../src/report/report.ts'
import type { CapabilityReport, Report } from '../src/report/report.ts'
import { describeCheck, headline } from './describe.ts'
import { renderXml } from './xml.ts'
import type { XmlElement } from './xml.ts'
import { FileReportWriter, type FileWriterOptions, writeReportFile } from './write-file.ts'
import type { WriteOptions } from './write-file.ts'

export const JUNIT_REPORT_FILE = 'junit.xml'

const seconds = (ms: number): string => (ms / 1000).toFixed(3)

/** The report as a JUnit XML document. */
export function toJUnitXml(report: Report): string {
  const { summary } = report
  return renderXml({
    name: 'testsuites',
    attributes: {
      name: `${report.tool.name}: ${report.target.name}`,
      tests: summary.total,
      failures: summary.failed,
      errors: summary.inconclusive,
      skipped: summary.skipped,
      time: seconds(report.durationMs),
      timestamp: report.startedAt,
    },
    children: report.capabilities.map((capability) => testSuite(report, capability)),
  })
}

/** Writes `dir/junit.xml`; returns its absolute path. */
export function writeJUnitReport(dir: string, report: Report, options?: WriteOptions): Promise<string> {
  return writeReportFile(dir, JUNIT_REPORT_FILE, toJUnitXml(report), options)
}

export interface JUnitWriterOptions extends FileWriterOptions {
  /**
   * The file's name inside the report folder.
   * @default 'junit.xml'
   */
  file?: string
}

/** The `junit` writer: `junit.xml` in the report folder. */
export class JUnitWriter extends FileReportWriter {
  constructor(options: JUnitWriterOptions = {}) {
    super('junit', options.file ?? JUNIT_REPORT_FILE, toJUnitXml)
  }
}

function testSuite(report: Report, capability: CapabilityReport): XmlElement {
  const cases = report.cases.filter((result) => result.capability === capability.id)
  const property = (name: string, value: string): XmlElement => ({ name: 'property', attributes: { name, value } })
  return {
    name: 'testsuite',
    attributes: {
      name: capability.id,
      tests: cases.length,
      failures: capability.counts.failed,
      errors: capability.counts.inconclusive,
      skipped: capability.counts.skipped,
      // The sum of the cases' own durations (they run concurrently, so more than wall time).
      time: seconds(cases.reduce((total, result) => total + result.durationMs, 0)),
      timestamp: report.startedAt,
    },
    children: [
      {
        name: 'properties',
        children: [
          property('target', report.target.name),
          property('baseURL', report.target.baseURL),
          property('spec', `${report.spec.source}@${report.spec.commit} (${report.spec.version})`),
          property('tool', `${report.tool.name} ${report.tool.version}`),
          property(
            'models',
            Object.entries(report.target.models)
              .map(([role, model]) => `${role}=${model}`)
              .join(', '),
          ),
          property('startedAt', report.startedAt),
          property('certification', report.certification.headline),
          property('checked', report.certification.checked),
          property(
            'capability.certification',
            (() => {
              const verdict = report.certification.capabilities.find((c) => c.id === capability.id)
              return verdict ? `${verdict.verdict}: ${verdict.reason}` : 'untested'
            })(),
          ),
          ...(capability.reason !== undefined ? [property('skipped', capability.reason)] : []),
        ],
      },
      ...cases.map(testCase),
    ],
  }
}

function testCase(result: CaseResult): XmlElement {
  const children: XmlElement[] = []
  const failing = checksWithStatus(result, 'fail')
  const listing = (checks: typeof failing) => checks.flatMap((check) => describeCheck(check)).join('\n')

  if (result.status === 'fail') {
    const more = failing.length > 1 ? ` (and ${failing.length - 1} more failing checks)` : ''
    children.push({
      name: 'failure',
      attributes: { message: headline(result) + more, type: failing[0]?.id ?? 'fail' },
      text: [result.reason, listing(failing)].filter(Boolean).join('\n'),
    })
  } else if (result.status === 'inconclusive') {
    const inconclusive = checksWithStatus(result, 'inconclusive')
    children.push({
      name: 'error',
      attributes: { message: headline(result), type: 'inconclusive' },
      text: [result.reason, listing(inconclusive)].filter(Boolean).join('\n'),
    })
  } else if (result.status === 'skip') {
    children.push({ name: 'skipped', attributes: { message: result.reason ?? headline(result) } })
  }

  const warnings = checksWithStatus(result, 'warn')
  const notes = result.checks.filter((check) => check.note)
  const out = [
    ...(result.asked ? [`asked: ${result.asked}`] : []),
    ...(warnings.length > 0 ? [`warnings (${warnings.length}):`, listing(warnings)] : []),
    ...notes.map((check) => `information: ${check.id}: ${check.message}`),
  ]
  if (out.length > 0) children.push({ name: 'system-out', text: out.join('\n') })
  return {
    name: 'testcase',
    attributes: {
      classname: result.capability,
      name: `${result.id}: ${result.title}`,
      time: seconds(result.durationMs),
    },
    children,
  }
}
