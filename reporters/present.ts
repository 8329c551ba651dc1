/**
 * How the report files present statuses and verdicts: one symbol and one colour per value,
 * shared by report.md, report.html and the badges so a status looks the same everywhere.
 */
import type { Status } from '../src/core/types.ts'
import type { CapabilityVerdict, CertificationVerdict, LevelStatus } from '../src/report/certification.ts'

/** A symbol for each case or check status (report.md tables, report.html chips). */
export const STATUS_SYMBOL: Record<Status, string> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  skip: '⏭️',
  inconclusive: '❔',
}

/** A symbol for each capability verdict and level status. */
export const VERDICT_SYMBOL: Record<CapabilityVerdict | LevelStatus | CertificationVerdict, string> = {
  certified: '✅',
  reached: '✅',
  failed: '❌',
  incomplete: '❔',
  untested: '➖',
}

/** Shields' named colours, as hex (https://shields.io: brightgreen, green, red, orange, lightgrey). */
export const BADGE_COLOUR = {
  brightgreen: '#4c1',
  green: '#97ca00',
  red: '#e05d44',
  orange: '#fe7d37',
  lightgrey: '#9f9f9f',
} as const

export type BadgeColour = keyof typeof BADGE_COLOUR

/** The badge colour of a verdict: bright green certified, green certified with warnings, red, orange, grey. */
export function verdictColour(verdict: CapabilityVerdict | CertificationVerdict, warnings: number): BadgeColour {
  if (verdict === 'certified') return warnings > 0 ? 'green' : 'brightgreen'
  if (verdict === 'failed') return 'red'
  if (verdict === 'incomplete') return 'orange'
  return 'lightgrey'
}
