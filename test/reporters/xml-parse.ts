/**
 * A small, strict XML 1.0 reader for the tests: it rejects what a conforming parser would
 * (mismatched tags, unquoted or duplicate attributes, `<` or a bare `&` in content or
 * attributes, unknown entities, characters outside XML's Char production) and returns
 * the element tree with entities decoded, so tests can compare values with the originals.
 * Comments, CDATA, DOCTYPE and processing instructions (other than the declaration) are
 * not supported: the JUnit writer emits none.
 */

export interface XmlNode {
  name: string
  attributes: Record<string, string>
  children: XmlNode[]
  /** All character content directly inside this element, decoded. */
  text: string
}

const NAME_START = (c: string) => /[A-Za-z_:]/.test(c)
const NAME_CHAR = (c: string) => /[A-Za-z0-9_:.-]/.test(c)
const SPACE = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r'
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

export function parseXml(source: string): XmlNode {
  for (const char of source) {
    const code = char.codePointAt(0)!
    // A lone surrogate iterates as a single code unit in the surrogate range.
    if (!isXmlChar(code)) throw new Error(`character U+${code.toString(16)} is not allowed in XML 1.0`)
  }
  let i = 0
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(source.slice(i, i + 30))}`)
  }
  const skipSpace = () => {
    while (SPACE(source[i])) i++
  }
  const expect = (text: string) => {
    if (!source.startsWith(text, i)) fail(`expected ${JSON.stringify(text)}`)
    i += text.length
  }
  const readName = (): string => {
    const start = i
    if (!NAME_START(source[i] ?? '')) fail('expected a name')
    while (NAME_CHAR(source[i] ?? '')) i++
    return source.slice(start, i)
  }
  const decode = (raw: string, inAttribute: boolean): string => {
    let out = ''
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k]!
      if (c === '<') fail('"<" in character data')
      if (c !== '&') {
        // Attribute-value normalisation: literal whitespace becomes a space.
        out += inAttribute && SPACE(c) ? ' ' : c
        continue
      }
      const end = raw.indexOf(';', k)
      if (end < 0) fail('unterminated entity reference')
      const entity = raw.slice(k + 1, end)
      if (entity.startsWith('#x')) out += codePoint(parseInt(entity.slice(2), 16), entity)
      else if (entity.startsWith('#')) out += codePoint(parseInt(entity.slice(1), 10), entity)
      else if (entity in PREDEFINED) out += PREDEFINED[entity]
      else fail(`unknown entity &${entity};`)
      k = end
    }
    return out
  }
  const codePoint = (code: number, entity: string): string => {
    if (!Number.isInteger(code) || !isXmlChar(code)) fail(`reference &${entity}; to a character not allowed in XML 1.0`)
    return String.fromCodePoint(code)
  }

  const readElement = (): XmlNode => {
    expect('<')
    const name = readName()
    const attributes: Record<string, string> = {}
    for (;;) {
      const hadSpace = SPACE(source[i])
      skipSpace()
      if (source.startsWith('/>', i)) {
        i += 2
        return { name, attributes, children: [], text: '' }
      }
      if (source[i] === '>') {
        i++
        break
      }
      if (!hadSpace) fail('expected whitespace before an attribute')
      const attribute = readName()
      if (attribute in attributes) fail(`duplicate attribute ${attribute}`)
      skipSpace()
      expect('=')
      skipSpace()
      const quote = source[i]
      if (quote !== '"' && quote !== "'") fail('attribute value must be quoted')
      const end = source.indexOf(quote!, i + 1)
      if (end < 0) fail('unterminated attribute value')
      attributes[attribute] = decode(source.slice(i + 1, end), true)
      i = end + 1
    }
    const children: XmlNode[] = []
    let text = ''
    for (;;) {
      const next = source.indexOf('<', i)
      if (next < 0) fail(`unclosed <${name}>`)
      text += decode(source.slice(i, next), false)
      i = next
      if (source.startsWith('</', i)) {
        i += 2
        if (readName() !== name) fail(`mismatched closing tag for <${name}>`)
        skipSpace()
        expect('>')
        return { name, attributes, children, text }
      }
      children.push(readElement())
    }
  }

  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>')
    if (end < 0) fail('unterminated XML declaration')
    i = end + 2
  }
  skipSpace()
  const root = readElement()
  skipSpace()
  if (i !== source.length) fail('content after the root element')
  return root
}

/** Elements named `name` anywhere below `node`, in document order. */
export function findAll(node: XmlNode, name: string): XmlNode[] {
  return node.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)])
}
