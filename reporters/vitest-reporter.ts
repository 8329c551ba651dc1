/**
 * The vitest reporter of a conformance run: it collects each case's `CaseResult` from the
 * test's meta as the test finishes, prints progress, and hands the results to the CLI,
 * which builds and writes the report after the run.
 *
 * Nothing may vanish: a test that ends without a `caseResult` (the engine crashed, or the
 * run was interrupted) becomes an `inconclusive` case carrying vitest's error, and a
 * problem outside any test (a suite file that failed to load, an unhandled error) is kept
 * in `runErrors()`, which the CLI must treat as a failed run.
 */
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason } from 'vitest/node'
import { isCapability } from '../src/core/capabilities.ts'
import type { CaseResult } from '../src/core/types.ts'
import type { CaseIdentity, CasePlace } from '../src/report/meta.ts'
import '../src/report/meta.ts'
import { createProgressPrinter, useColor } from './terminal.ts'
import type { ProgressPrinter } from './terminal.ts'

export interface ConformanceReporterOptions {
  /**
   * Where progress lines go.
   * @default process.stdout
   */
  out?: NodeJS.WritableStream
  /**
   * Colour in progress lines.
   * @default useColor(out): a TTY and no NO_COLOR
   */
  color?: boolean
  /**
   * Print progress at all (results are collected either way).
   * @default true
   */
  progress?: boolean
  /**
   * Names the case of a test that produced no `caseResult`.
   * @default identifyTestCase: `meta.conformanceCase`, else the test name as the case id
   * and the nearest enclosing suite named after a capability (or the id's first segment)
   */
  identify?: (testCase: TestCase) => CaseIdentity | undefined
  /**
   * The targets' names, by plan index, when a run has several: progress lines name the target.
   * @default none: one target, progress lines name only the case
   */
  targetNames?: readonly string[]
}

/** Sorts the results without a place after every placed one. */
const COLLECTED_AFTER_PLACED = 2 ** 40

export class ConformanceReporter implements Reporter {
  readonly #identify: (testCase: TestCase) => CaseIdentity | undefined
  #printer: ProgressPrinter | null
  /** By vitest test id: a re-reported test replaces its earlier result. */
  readonly #results = new Map<string, CaseResult>()
  /** Declaration order of the collected tests, so results come out in suite order. */
  readonly #order = new Map<string, number>()
  readonly #runErrors: string[] = []
  /** Tests already accounted for (as a result, a run error, or not a case). */
  readonly #seen = new Set<string>()
  /** By vitest test id: the case's target and position (`meta.conformancePlace`). */
  readonly #places = new Map<string, CasePlace>()
  /** Targets whose cases print no progress (their smoke request failed: all say the same). */
  readonly #silenced = new Set<number>()
  readonly #targetNames: readonly string[] | undefined
  #expected = 0

  constructor(options: ConformanceReporterOptions = {}) {
    const out = options.out ?? process.stdout
    this.#identify = options.identify ?? identifyTestCase
    this.#targetNames = options.targetNames
    this.#printer =
      options.progress === false ? null : createProgressPrinter(out, 0, { color: options.color ?? useColor(out) })
  }

  /**
   * Stops printing progress, of one target's cases or of all; results are still collected (a
   * blocked target's cases all say the same thing).
   */
  silence(target?: number): void {
    if (target === undefined) this.#printer = null
    else this.#silenced.add(target)
  }

  onTestRunStart(): void {
    this.#results.clear()
    this.#order.clear()
    this.#seen.clear()
    this.#places.clear()
    this.#runErrors.length = 0
    this.#expected = 0
    this.#printer?.setTotal(0)
  }

  onTestModuleCollected(testModule: TestModule): void {
    for (const testCase of testModule.children.allTests()) {
      if (!willRun(testCase) || this.#order.has(testCase.id)) continue
      this.#order.set(testCase.id, this.#order.size)
      this.#expected++
    }
    this.#printer?.setTotal(this.#expected)
  }

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state
    // A bailed-out run reports unstarted tests as `pending`: left for `onTestRunEnd`.
    if (state === 'pending' && !testCase.meta().caseResult) return
    this.#seen.add(testCase.id)
    const result = this.#resultOf(testCase)
    if (result === undefined) return
    this.#record(testCase, result)
  }

  #record(testCase: TestCase, result: CaseResult): void {
    const place = testCase.meta().conformancePlace
    if (place) this.#places.set(testCase.id, place)
    this.#results.set(testCase.id, result)
    const target = place?.target ?? 0
    if (!this.#silenced.has(target)) this.#printer?.onCase(result, this.#targetNames?.[target])
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    for (const testModule of testModules) {
      for (const error of testModule.errors()) this.#runError(`${testModule.relativeModuleId}: ${errorText(error)}`)
      for (const suite of testModule.children.allSuites()) {
        for (const error of suite.errors())
          this.#runError(`${testModule.relativeModuleId} > ${suite.fullName}: ${errorText(error)}`)
      }
      for (const testCase of testModule.children.allTests()) {
        if (this.#seen.has(testCase.id) || !willRun(testCase)) continue
        // Collected to run, never reported: the run ended first (interrupted, bailed).
        const result = this.#crashed(testCase, `the run ended (${reason}) before this case finished`)
        if (result) this.#record(testCase, result)
      }
    }
    for (const error of unhandledErrors) this.#runError(`unhandled error: ${errorText(error)}`)
    this.#printer?.done()
  }

  /**
   * Every case's result, of one target (by plan index) or of all, in suite declaration order
   * (cases that recorded no place in collection order after them, cases not collected last).
   */
  results(target?: number): CaseResult[] {
    const placed = (id: string) => this.#places.get(id)
    const position = (id: string) =>
      placed(id)?.position ?? COLLECTED_AFTER_PLACED + (this.#order.get(id) ?? COLLECTED_AFTER_PLACED)
    return [...this.#results.entries()]
      .filter(([id]) => target === undefined || (placed(id)?.target ?? 0) === target)
      .sort(([a], [b]) => position(a) - position(b))
      .map(([, result]) => result)
  }

  /** Problems outside any case; a run with any is broken, whatever the results say. */
  runErrors(): string[] {
    return [...this.#runErrors]
  }

  #runError(message: string): void {
    this.#runErrors.push(message)
    this.#printer?.onRunError(message)
  }

  #resultOf(testCase: TestCase): CaseResult | undefined {
    const reported = testCase.meta().caseResult
    if (reported) return reported
    const outcome = testCase.result()
    switch (outcome.state) {
      case 'skipped': {
        // `test.skip` or filtered out: not a case of this run. Skipped at run time
        // (`ctx.skip()`) without a result: the case was never judged.
        if (!willRun(testCase)) return undefined
        const hookError = enclosingSuiteError(testCase)
        if (hookError) return this.#crashed(testCase, `the case did not run: ${hookError}`)
        const note = outcome.note ? `: ${outcome.note}` : ''
        return this.#crashed(testCase, `the test was skipped without a case result${note}`)
      }
      case 'failed':
        return this.#crashed(
          testCase,
          `the test crashed without a case result (an engine bug): ${errorText(outcome.errors[0])}`,
        )
      case 'passed':
        return this.#crashed(testCase, 'the test passed without recording a case result (an engine bug)')
      case 'pending':
        return this.#crashed(testCase, 'the case did not finish')
    }
  }

  #crashed(testCase: TestCase, reason: string): CaseResult | undefined {
    const identity = this.#identify(testCase)
    if (identity === undefined) {
      this.#runError(`test "${testCase.fullName}" produced no case result and names no known capability: ${reason}`)
      return undefined
    }
    return {
      ...identity,
      status: 'inconclusive',
      durationMs: testCase.diagnostic()?.duration ?? 0,
      checks: [],
      exchanges: [],
      reason,
    }
  }
}

/** Tests vitest will run (not filtered out, not `skip`/`todo`). */
function willRun(testCase: TestCase): boolean {
  return testCase.options.mode === 'run' || testCase.options.mode === 'only'
}

/**
 * The default `identify`: the test's `meta.conformanceCase` when the generic test file
 * set it; otherwise the test name as the case id (`test(definition.id, ...)`) and, as the
 * capability, the nearest enclosing suite named after one (`describe(suite.capability)`)
 * or else the case id's first segment (`chat.basic.single-turn` -> `chat`).
 */
export function identifyTestCase(testCase: TestCase): CaseIdentity | undefined {
  const declared = testCase.meta().conformanceCase
  if (declared) return declared
  const id = testCase.name
  for (let parent = testCase.parent; parent.type === 'suite'; parent = parent.parent) {
    if (isCapability(parent.name)) return { id, capability: parent.name, title: id }
  }
  const area = id.split('.', 1)[0] ?? ''
  return isCapability(area) ? { id, capability: area, title: id } : undefined
}

/** The first error of a suite around the test (a failed `beforeAll` skips its tests), described. */
function enclosingSuiteError(testCase: TestCase): string | undefined {
  for (let parent = testCase.parent; ; parent = parent.parent) {
    const [error] = parent.errors()
    if (error)
      return `a hook of ${parent.type === 'suite' ? `suite "${parent.fullName}"` : 'the test file'} failed: ${errorText(error)}`
    if (parent.type === 'module') return undefined
  }
}

/** A vitest error's message, first line. */
function errorText(error: SerializedError | undefined): string {
  if (!error) return 'no error recorded'
  const message = error.message || error.name || 'unknown error'
  const first = message.split(/\r?\n/, 1)[0]!.trim()
  return error.name && error.name !== 'Error' && !first.startsWith(error.name) ? `${error.name}: ${first}` : first
}
