/** The capability and model-role lists have one source (src/core/capabilities.ts): the report schema's enums are it. */
import { describe, expect, test } from 'vitest'
import { CAPABILITIES, CAPABILITY_MODEL_ROLE, MODEL_ROLES } from '../../src/core/capabilities.ts'
import { REPORT_SCHEMA } from '../../src/report/schema.ts'

const defs = (REPORT_SCHEMA as { $defs: Record<string, { enum?: unknown[] }> }).$defs

describe('capabilities and model roles', () => {
  test("the report schema's capability enum is CAPABILITIES, in order", () => {
    expect(defs.capability?.enum).toEqual([...CAPABILITIES])
  })

  test("the report schema's model-role enum is MODEL_ROLES, in order", () => {
    expect(defs.modelRole?.enum).toEqual([...MODEL_ROLES])
  })

  test('every capability has a default model role', () => {
    expect(Object.keys(CAPABILITY_MODEL_ROLE)).toEqual([...CAPABILITIES])
  })
})
