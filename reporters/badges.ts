/**
 * Badges for a README, in the shields.io "flat" style: `badges/overall.svg` (the levels the
 * target reached, or that it fails) and one `badges/<capability>.svg` per capability (its
 * certification verdict). Colours as in CERTIFICATION.md.
 *
 * Text widths come from a table of Verdana 11px advance widths (the font shields uses); the
 * SVG's `textLength` makes any fallback font fit the same box.
 */
import type { Certification } from '../src/report/certification.ts'
import type { Report } from '../src/report/report.ts'
import { BADGE_COLOUR, type BadgeColour, verdictColour } from './present.ts'
import { scrubbedReport, writeReportFile } from './write-file.ts'
import type { ReportWriter, ReportWriterContext } from './writer.ts'
import { escapeAttribute, escapeText } from './xml.ts'

/** One badge: a grey label, a coloured message. */
export interface Badge {
  label: string
  message: string
  colour: BadgeColour
}

/** Verdana 11px advance widths in px, by character; other characters count as `DEFAULT_WIDTH`. */
const WIDTHS: Record<string, number> = {
  ...Object.fromEntries(
    [...'abcdefghijklmnopqrstuvwxyz'].map((char, i) => [
      char,
      [
        6.8, 6.9, 5.9, 6.9, 6.6, 3.9, 6.9, 7, 3, 3.8, 6.5, 3, 10.7, 7, 6.7, 6.9, 6.9, 4.7, 5.7, 4.3, 7, 6.5, 8.9, 6.5,
        6.5, 5.8,
      ][i]!,
    ]),
  ),
  ...Object.fromEntries(
    [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((char, i) => [
      char,
      [
        7.5, 7.5, 7.7, 8.5, 7, 6.3, 8.5, 8.3, 4.6, 5, 7.6, 6.1, 9.3, 8.2, 8.7, 6.6, 8.7, 7.6, 7.5, 6.8, 8.1, 7.5, 10.9,
        7.5, 6.8, 7.5,
      ][i]!,
    ]),
  ),
  ...Object.fromEntries([...'0123456789'].map((char) => [char, 7])),
  ' ': 3.9,
  ',': 3.9,
  '.': 3.9,
  ':': 4.5,
  ';': 4.5,
  '-': 5,
  '/': 5,
  '(': 5,
  ')': 5,
  '+': 9.2,
}
const DEFAULT_WIDTH = 7
/** Padding either side of a text, px. */
const PADDING = 6

/** The width of `text` in Verdana 11px, rounded up to a pixel. */
export function textWidth(text: string): number {
  let width = 0
  for (const char of text) width += WIDTHS[char] ?? DEFAULT_WIDTH
  return Math.ceil(width)
}

/** The badge as a standalone SVG document (shields' flat style). */
export function renderBadge(badge: Badge): string {
  const labelWidth = textWidth(badge.label) + 2 * PADDING
  const messageWidth = textWidth(badge.message) + 2 * PADDING
  const width = labelWidth + messageWidth
  const title = escapeText(`${badge.label}: ${badge.message}`)
  // Text is laid out at 10x and scaled down, as shields does, for sub-pixel positions.
  const text = (content: string, x: number, textWidthPx: number) => {
    const attributes = `x="${x * 10}" transform="scale(.1)" textLength="${textWidthPx * 10}"`
    const escaped = escapeText(content)
    return (
      `<text aria-hidden="true" ${attributes} y="150" fill="#010101" fill-opacity=".3">${escaped}</text>` +
      `<text ${attributes} y="140">${escaped}</text>`
    )
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeAttribute(`${badge.label}: ${badge.message}`)}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${BADGE_COLOUR[badge.colour]}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">',
    text(badge.label, labelWidth / 2, textWidth(badge.label)),
    text(badge.message, labelWidth + messageWidth / 2, textWidth(badge.message)),
    '</g>',
    '</svg>',
    '',
  ].join('\n')
}

/** The overall badge: the levels reached, or what fails, or that it is incomplete. */
export function overallBadge(certification: Certification, label = 'OpenAI API'): Badge {
  const colour = verdictColour(certification.verdict, certification.warnings)
  if (certification.verdict === 'certified') {
    const titles = certification.reached.map((id) => certification.levels.find((level) => level.id === id)!.title)
    return { label, message: titles.join(', '), colour }
  }
  if (certification.verdict === 'failed') {
    const failing = certification.capabilities.filter((c) => c.verdict === 'failed').map((c) => c.id)
    return { label, message: `failing: ${failing.join(', ')}`, colour }
  }
  return { label, message: 'incomplete', colour }
}

/** One badge per capability: its verdict, with its warnings when certified with some. */
export function capabilityBadges(certification: Certification): { id: string; badge: Badge }[] {
  return certification.capabilities.map((capability) => ({
    id: capability.id,
    badge: {
      label: capability.id,
      message:
        capability.verdict === 'certified' && capability.warnings > 0
          ? `certified, ${capability.warnings} warning${capability.warnings === 1 ? '' : 's'}`
          : capability.verdict,
      colour: verdictColour(capability.verdict, capability.warnings),
    },
  }))
}

export interface BadgesWriterOptions {
  /**
   * The folder inside the report folder the badges go to.
   * @default 'badges'
   */
  folder?: string
  /**
   * The overall badge's label.
   * @default 'OpenAI API'
   */
  label?: string
}

/** The `badges` writer: `badges/overall.svg` and `badges/<capability>.svg` in the report folder. */
export class BadgesWriter implements ReportWriter {
  readonly name = 'badges'
  readonly #folder: string
  readonly #label: string | undefined

  constructor(options: BadgesWriterOptions = {}) {
    this.#folder = options.folder ?? 'badges'
    this.#label = options.label
  }

  async write(report: Report, context: ReportWriterContext): Promise<readonly string[]> {
    const { certification } = scrubbedReport(report, context.scrub)
    const badges = [
      { id: 'overall', badge: overallBadge(certification, this.#label) },
      ...capabilityBadges(certification),
    ]
    const files: string[] = []
    for (const { id, badge } of badges)
      files.push(
        await writeReportFile(context.dir, `${this.#folder}/${id}.svg`, renderBadge(badge), { scrub: context.scrub }),
      )
    return files
  }
}
