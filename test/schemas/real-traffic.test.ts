/**
 * Calibration: real OpenAI traffic (`../shared/real-traffic/`) validates against the
 * recorded schemas, errata applied; and every erratum is needed, by its own evidence.
 *
 * No recording needed an exception for being older than the spec: every deviation found
 * is still open against the spec (see the references in src/schemas/record/errata.ts).
 */
import { basename } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DEFAULT_RECORDINGS_DIR, listRecordings, loadRecording } from '../../src/formats/recordings.ts'
import { formatSchemaErrors } from '../../src/spec/errors.ts'
import { schemaErrorsAt } from '../../src/spec/index.ts'
import { ERRATA } from '../../src/spec/record/errata.ts'
import { DEFAULT_PLAN } from '../../src/spec/record/outputs.ts'
import { recordBundle } from '../../src/spec/record/record.ts'
import { compileBundle } from '../../src/spec/schemas.ts'
import { HAVE_RECORDINGS, HAVE_SPEC, loadSpec, NO_SHARED } from './support/shared.ts'
import { operationFor, responsePayloads } from './support/traffic.ts'

const files = HAVE_RECORDINGS ? listRecordings() : []

describe.skipIf(!HAVE_RECORDINGS)(`real OpenAI traffic (${NO_SHARED})`, () => {
  test('is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(15)
  })

  test.each(files.map((f) => [basename(f), f] as const))('%s: response validates', (_name, file) => {
    const payloads = responsePayloads(loadRecording(file))
    expect(payloads.length).toBeGreaterThan(0)
    const errors = payloads.flatMap((p) =>
      schemaErrorsAt(p.pointer, p.value).map((e) => `${p.label}: ${formatSchemaErrors([e])}`),
    )
    expect(errors).toEqual([])
  })

  test.each(files.map((f) => [basename(f), f] as const))('%s: request validates', (_name, file) => {
    const recording = loadRecording(file)
    const pointer = operationFor(recording).requestSchema
    expect(pointer).toBeDefined()
    expect(formatSchemaErrors(schemaErrorsAt(pointer!, recording.request.body))).toBe('')
  })
})

describe.skipIf(!HAVE_RECORDINGS || !HAVE_SPEC)(`errata (${NO_SHARED})`, () => {
  test.each(ERRATA.map((e) => [`${e.schema}${e.pointer}`, e] as const))(
    '%s is needed: its evidence fails without it',
    (_name, erratum) => {
      const { bundle } = recordBundle(loadSpec(), { ...DEFAULT_PLAN, errata: ERRATA.filter((e) => e !== erratum) })
      const without = compileBundle(bundle)
      for (const name of erratum.evidence) {
        const payloads = responsePayloads(loadRecording(`${DEFAULT_RECORDINGS_DIR}${name}`))
        const failing = payloads.filter((p) => without.schemaErrorsAt(p.pointer, p.value).length > 0)
        expect(failing.length, `${name} passes without the erratum: drop it`).toBeGreaterThan(0)
        // ...and passes with all errata (the calibration above checks every file; this names the link).
        for (const p of payloads) expect(schemaErrorsAt(p.pointer, p.value)).toEqual([])
      }
    },
  )
})
