/** Validating a report.json against its published schema (src/report/report.schema.json). */
import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS: its default import is `module.exports`, whose `.default` is the plugin.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule.default

export const REPORT_SCHEMA: Record<string, any> = JSON.parse(
  readFileSync(new URL('./report.schema.json', import.meta.url), 'utf8'),
)

let compiled: ValidateFunction | undefined

/** A strict validator for the report schema, compiled once. */
export function compiledReportSchema(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true })
    addFormats(ajv)
    compiled = ajv.compile(REPORT_SCHEMA)
  }
  return compiled
}

/** Schema errors for a parsed report.json, as `path: message` lines; empty when valid. */
export function reportErrors(report: unknown): string[] {
  const validate = compiledReportSchema()
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`)
}
