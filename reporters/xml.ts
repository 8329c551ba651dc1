/**
 * Just enough XML to write JUnit files: an element tree rendered with escaping that is
 * correct for XML 1.0, including characters XML 1.0 cannot carry at all.
 */

export interface XmlElement {
  name: string
  /** Undefined values are left out. */
  attributes?: Record<string, string | number | undefined>
  children?: XmlElement[]
  /** Character content (rendered before any children). */
  text?: string
}

/**
 * Characters outside XML 1.0's `Char` production (C0 controls other than tab, LF and CR;
 * lone surrogates; U+FFFE, U+FFFF) are not allowed even as `&#...;` references. They are
 * replaced by a visible `\uXXXX` so the information survives.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

function replaceIllegal(text: string): string {
  return text.replace(NOT_XML_CHAR, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`)
}

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
/** In attributes, quotes must go, and tab/LF/CR too: attribute-value normalisation would turn them into spaces. */
const ATTRIBUTE_ENTITIES: Record<string, string> = {
  ...TEXT_ENTITIES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
}

export function escapeText(text: string): string {
  // `>` is escaped too, so `]]>` can never appear; CR as a reference, or parsers turn CRLF into LF.
  return replaceIllegal(text).replace(/[&<>\r]/g, (char) => TEXT_ENTITIES[char] ?? '&#13;')
}

export function escapeAttribute(value: string): string {
  return replaceIllegal(value).replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ENTITIES[char]!)
}

export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderElement(root, '')}\n`
}

function renderElement(element: XmlElement, indent: string): string {
  const attributes = Object.entries(element.attributes ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('')
  const open = `${indent}<${element.name}${attributes}`
  const children = element.children ?? []
  if (element.text === undefined && children.length === 0) return `${open}/>`
  const text = element.text === undefined ? '' : escapeText(element.text)
  if (children.length === 0) return `${open}>${text}</${element.name}>`
  const inner = children.map((child) => renderElement(child, `${indent}  `)).join('\n')
  return `${open}>${text}\n${inner}\n${indent}</${element.name}>`
}
