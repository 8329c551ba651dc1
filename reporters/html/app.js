/*
 * The report.html viewer. It reads the report from the page's JSON data block and builds
 * every element with createElement and text nodes: no string is ever parsed as HTML, so
 * nothing the endpoint sent can become markup or script. Attributes are set only from a
 * fixed list, and links only to fragments of this page or to https documentation.
 */
;(() => {
  const report = JSON.parse(document.getElementById('report-data').textContent)
  const certification = report.certification
  const STATUSES = ['fail', 'inconclusive', 'warn', 'pass', 'skip']
  const LEVELS = ['required', 'recommended', 'optional']
  const SAFE_ATTRIBUTES = new Set(['class', 'id', 'title', 'type', 'value', 'colspan', 'aria-pressed', 'aria-label'])

  /** An element with safe attributes and children (strings become text nodes). */
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag)
    for (const [name, value] of Object.entries(attributes ?? {})) {
      if (value === undefined || value === null || value === false) continue
      if (name === 'href') {
        const href = String(value)
        if (href.startsWith('#') || /^https:\/\/[^\s"'<>]*$/.test(href)) element.setAttribute('href', href)
      } else if (SAFE_ATTRIBUTES.has(name) || name.startsWith('data-')) element.setAttribute(name, String(value))
    }
    append(element, children)
    return element
  }

  function append(element, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue
      element.append(child instanceof Node ? child : document.createTextNode(String(child)))
    }
  }

  const chip = (value, prefix = 's') => h('span', { class: `chip ${prefix}-${value}` }, value)
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`
  const ms = (value) => (value === null || value === undefined ? '–' : `${Math.round(value)} ms`)
  const pretty = (value) => {
    if (typeof value === 'string') return value
    try {
      return JSON.stringify(value, null, 2)
    } catch {
      return String(value)
    }
  }
  const oneLine = (value) => {
    try {
      const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value)
      return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text
    } catch {
      return String(value)
    }
  }

  function specRef(spec) {
    const parts = [spec.operationId, spec.pointer].filter(Boolean).join(' ')
    return h(
      'span',
      { class: 'small muted' },
      parts ? h('code', {}, parts) : null,
      parts && spec.doc ? ' ' : null,
      spec.doc ? h('a', { href: spec.doc }, spec.doc) : null,
      !parts && !spec.doc ? '–' : null,
    )
  }

  // Header: target, verdict, the point in time it holds for, totals.

  function header() {
    const s = report.summary
    return [
      h('h1', {}, 'OpenAI API conformance: ', report.target.name),
      h(
        'div',
        { class: 'muted' },
        report.target.baseURL,
        ' · ',
        `${report.tool.name} ${report.tool.version}`,
        ' · ',
        `spec ${report.spec.version}`,
      ),
      h(
        'section',
        { class: `panel verdict ${certification.verdict}`, id: 'verdict' },
        h('div', { class: 'headline' }, certification.headline),
        h('div', { class: 'small muted' }, certification.checked),
        report.caseFilter
          ? h('div', { class: 'small' }, 'Cases selected with --case ', h('code', {}, report.caseFilter))
          : null,
        h(
          'div',
          { class: 'totals' },
          h('span', {}, plural(s.total, 'case'), ` in ${(report.durationMs / 1000).toFixed(1)} s`),
          ...STATUSES.map((status) => h('span', {}, chip(status), ' ', s[countKey(status)])),
        ),
      ),
    ]
  }

  function countKey(status) {
    return { pass: 'passed', fail: 'failed', warn: 'warned', skip: 'skipped', inconclusive: 'inconclusive' }[status]
  }

  function levels() {
    return [
      h('h2', {}, 'Certification levels'),
      h(
        'div',
        { class: 'levels' },
        certification.levels.map((level) =>
          h('div', { class: 'panel level', title: level.reason }, h('strong', {}, level.title), chip(level.status)),
        ),
      ),
    ]
  }

  // Capabilities: one card each, clicking one filters the cases by it.

  function capabilities() {
    return [
      h('h2', {}, 'Capabilities'),
      h(
        'div',
        { class: 'capabilities' },
        report.capabilities.map((capability) => {
          const verdict = certification.capabilities.find((c) => c.id === capability.id)
          const counts = capability.counts
          const bar = h('div', { class: 'bar' })
          for (const status of STATUSES) {
            const n = counts[countKey(status)]
            if (n === 0) continue
            const part = h('span', { class: status, title: `${n} ${status}` })
            part.style.flexGrow = String(n)
            bar.append(part)
          }
          const card = h(
            'button',
            { class: 'panel capability', type: 'button', 'data-capability': capability.id },
            h('div', { class: 'name' }, capability.id, chip(verdict ? verdict.verdict : capability.status)),
            bar,
            h(
              'div',
              { class: 'small muted' },
              STATUSES.filter((status) => counts[countKey(status)] > 0)
                .map((status) => `${counts[countKey(status)]} ${status}`)
                .join(' · ') || 'no cases',
            ),
            h('div', { class: 'small muted' }, verdict ? verdict.reason : capability.reason),
          )
          card.addEventListener('click', () => {
            state.capability = state.capability === capability.id ? '' : capability.id
            capabilitySelect.value = state.capability
            update()
          })
          return card
        }),
      ),
    ]
  }

  // Root causes: each failing or warning check once, with the cases it hit.

  function causes() {
    const sections = []
    for (const status of ['fail', 'warn']) {
      const groups = new Map()
      for (const result of report.cases)
        for (const check of result.checks) {
          if (check.status !== status) continue
          if (!groups.has(check.id)) groups.set(check.id, { check, cases: [] })
          groups.get(check.id).cases.push(result.id)
        }
      if (groups.size === 0) continue
      const sorted = [...groups.values()].sort((a, b) => b.cases.length - a.cases.length)
      sections.push(
        h('h2', {}, status === 'fail' ? 'Failures by check' : 'Warnings by check'),
        h(
          'div',
          { class: 'panel' },
          h(
            'table',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'check'),
              h('th', {}, 'level'),
              h('th', { class: 'num' }, 'cases'),
              h('th', {}, 'first message'),
            ),
            sorted.map((group) =>
              h(
                'tr',
                {},
                h('td', { class: 'nowrap' }, h('code', {}, group.check.id)),
                h('td', {}, chip(group.check.level, 'l')),
                h('td', { class: 'num' }, group.cases.length),
                h(
                  'td',
                  {},
                  group.check.message,
                  h(
                    'div',
                    { class: 'small' },
                    group.cases.map((id, i) => [
                      i > 0 ? ', ' : '',
                      h('a', { href: `#case-${id}`, 'data-case': id }, id),
                    ]),
                  ),
                ),
              ),
            ),
          ),
        ),
      )
    }
    return sections
  }

  // Filters.

  const state = { statuses: new Set(STATUSES), capability: '', level: '', text: '' }
  let capabilitySelect

  function filters() {
    const toggles = STATUSES.map((status) => {
      const count = report.summary[countKey(status)]
      const button = h(
        'button',
        { class: 'toggle', type: 'button', 'aria-pressed': 'true', 'data-status': status },
        chip(status),
        ` ${count}`,
      )
      button.addEventListener('click', () => {
        if (state.statuses.has(status)) state.statuses.delete(status)
        else state.statuses.add(status)
        button.setAttribute('aria-pressed', String(state.statuses.has(status)))
        update()
      })
      return button
    })
    capabilitySelect = h(
      'select',
      { 'aria-label': 'capability', id: 'filter-capability' },
      h('option', { value: '' }, 'every capability'),
      report.capabilities.map((capability) => h('option', { value: capability.id }, capability.id)),
    )
    capabilitySelect.addEventListener('change', () => {
      state.capability = capabilitySelect.value
      update()
    })
    const levelSelect = h(
      'select',
      { 'aria-label': 'check level', id: 'filter-level' },
      h('option', { value: '' }, 'any check level'),
      LEVELS.map((level) => h('option', { value: level }, `${level} checks`)),
    )
    levelSelect.addEventListener('change', () => {
      state.level = levelSelect.value
      update()
    })
    const search = h('input', { type: 'search', 'aria-label': 'search', id: 'filter-text' })
    search.placeholder = 'case or check id…'
    search.addEventListener('input', () => {
      state.text = search.value.trim().toLowerCase()
      update()
    })
    const expand = h('button', { type: 'button' }, 'expand all')
    expand.addEventListener('click', () => {
      for (const card of visibleCards()) card.open = true
    })
    const collapse = h('button', { type: 'button' }, 'collapse all')
    collapse.addEventListener('click', () => {
      for (const card of cards) card.element.open = false
    })
    return h(
      'div',
      { class: 'panel filters', id: 'filters' },
      h('span', { class: 'muted' }, 'Status'),
      toggles,
      capabilitySelect,
      levelSelect,
      search,
      expand,
      collapse,
      h('span', { class: 'muted small', id: 'shown' }),
    )
  }

  /** Whether a case passes the filters: its status, capability, a check of the level with a selected status, the text. */
  function matches(result) {
    if (!state.statuses.has(result.status)) return false
    if (state.capability && result.capability !== state.capability) return false
    if (state.level && !result.checks.some((check) => check.level === state.level && state.statuses.has(check.status)))
      return false
    if (state.text) {
      const haystack = [result.id, result.title, ...result.checks.map((check) => check.id)].join(' ').toLowerCase()
      if (!haystack.includes(state.text)) return false
    }
    return true
  }

  // Cases: a collapsed card each; its body is built when first opened.

  const cards = []

  function caseCard(result) {
    const element = h(
      'details',
      { class: 'case', id: `case-${result.id}`, 'data-status': result.status, 'data-capability': result.capability },
      h(
        'summary',
        {},
        chip(result.status),
        h('span', { class: 'id mono' }, result.id),
        h('span', { class: 'title' }, result.title),
        h('span', { class: 'small muted' }, result.capability, ' · ', ms(result.durationMs)),
      ),
    )
    let built = false
    element.addEventListener('toggle', () => {
      if (!element.open || built) return
      built = true
      element.append(caseBody(result))
    })
    return { element, result }
  }

  function caseBody(result) {
    const problems = result.checks.filter((check) => check.status !== 'pass' && check.status !== 'skip')
    const notes = result.checks.filter((check) => check.note)
    return h(
      'div',
      { class: 'case-body' },
      result.reason ? h('p', {}, h('strong', {}, 'Reason: '), result.reason) : null,
      result.asked ? h('p', { class: 'muted' }, h('strong', {}, 'Asked: '), result.asked) : null,
      problems.length > 0 ? [h('h3', {}, 'Findings'), problems.map(finding)] : null,
      notes.length > 0
        ? [h('h3', {}, 'Information'), notes.map((check) => h('p', {}, h('code', {}, check.id), ': ', check.message))]
        : null,
      h('h3', {}, `Checks (${result.checks.length})`),
      h(
        'div',
        { class: 'check-list' },
        result.checks.map((check) =>
          h('span', { class: `chip s-${check.status}`, title: `${check.level}: ${check.message}` }, check.id),
        ),
      ),
      result.exchanges.length > 0 ? [h('h3', {}, 'Exchanges'), result.exchanges.map(exchange)] : null,
    )
  }

  function finding(check) {
    const evidence = check.evidence
    return h(
      'div',
      { class: `finding ${check.status}` },
      h(
        'div',
        { class: 'head' },
        chip(check.status),
        h('code', {}, check.id),
        chip(check.level, 'l'),
        specRef(check.spec),
      ),
      h('div', {}, check.message),
      evidence && evidence.findings.length > 0
        ? h(
            'ul',
            {},
            evidence.findings.map((f) =>
              h(
                'li',
                {},
                f.at ? [h('code', {}, f.at), f.message !== check.message ? ': ' : ''] : null,
                // A finding that repeats its check's message keeps only where and what.
                f.message !== check.message ? f.message : null,
                'actual' in f
                  ? [' ', h('span', { class: 'muted' }, 'actual '), h('code', {}, oneLine(f.actual))]
                  : null,
                'expected' in f
                  ? [' ', h('span', { class: 'muted' }, 'expected '), h('code', {}, oneLine(f.expected))]
                  : null,
              ),
            ),
          )
        : null,
      evidence ? evidenceView(evidence) : null,
    )
  }

  /** The exchange a check's evidence came from: one line, its request body and response excerpt folded. */
  function evidenceView(evidence) {
    const response = evidence.response
    const status = response
      ? `${response.status ?? 'no status'} ${response.contentType ?? 'no content-type'}${evidence.retries ? ` after ${evidence.retries} retries` : ''}`
      : 'no response'
    const folded = (label, value) =>
      value === null || value === undefined
        ? null
        : h('details', { class: 'evidence' }, h('summary', {}, label), h('pre', {}, pretty(value)))
    return h(
      'div',
      { class: 'small' },
      h('div', { class: 'mono' }, `${evidence.request.method} ${evidence.request.url} → ${status}`),
      evidence.transportError ? h('div', {}, 'transport error: ', evidence.transportError) : null,
      folded('request body', evidence.request.body),
      response ? folded('response (the part the check read)', response.excerpt) : null,
    )
  }

  function exchange(summary) {
    const timeline = summary.timeline ?? []
    return h(
      'div',
      { class: 'exchange panel' },
      h(
        'div',
        { class: 'mono' },
        h('strong', {}, summary.name),
        ' ',
        `${summary.method} ${summary.url}`,
        ' → ',
        String(summary.status ?? 'no response'),
      ),
      h(
        'div',
        { class: 'kv small muted' },
        h('span', {}, 'headers ', ms(summary.headersMs)),
        h('span', {}, 'first byte ', ms(summary.firstByteMs)),
        'firstContentMs' in summary ? h('span', {}, 'first content ', ms(summary.firstContentMs)) : null,
        h('span', {}, 'total ', ms(summary.totalMs)),
        summary.retries ? h('span', {}, `${summary.retries} retries`) : null,
        summary.chunks !== undefined ? h('span', {}, plural(summary.chunks, 'chunk')) : null,
        summary.events !== undefined ? h('span', {}, plural(summary.events, 'event')) : null,
        summary.contentType !== undefined ? h('span', {}, summary.contentType ?? 'no content-type') : null,
      ),
      summary.transportError ? h('div', {}, 'transport error: ', summary.transportError) : null,
      summary.requestBody !== undefined
        ? [h('div', { class: 'small muted' }, 'request body'), h('pre', {}, pretty(summary.requestBody))]
        : null,
      summary.responseExcerpt !== undefined
        ? [h('div', { class: 'small muted' }, 'response body'), h('pre', {}, summary.responseExcerpt)]
        : null,
      timeline.length > 0 ? timelineTable(summary, timeline) : null,
    )
  }

  function timelineTable(summary, timeline) {
    let previous = null
    const rows = timeline.map((event, i) => {
      const delta = event.t !== null && previous !== null ? `+${Math.round(event.t - previous)}` : ''
      if (event.t !== null) previous = event.t
      return h(
        'tr',
        {},
        h('td', { class: 'num' }, i),
        h('td', { class: 't num mono' }, ms(event.t)),
        h('td', { class: 'num mono muted' }, delta),
        h('td', { class: 'mono' }, event.event),
        h('td', { class: 'data mono' }, event.data),
      )
    })
    const more = (summary.events ?? timeline.length) - timeline.length
    return [
      h('div', { class: 'small muted' }, 'server-sent events (arrival time since the request)'),
      h(
        'table',
        { class: 'timeline' },
        h(
          'tr',
          {},
          h('th', { class: 'num' }, '#'),
          h('th', { class: 'num' }, 'arrived'),
          h('th', { class: 'num' }, 'Δ ms'),
          h('th', {}, 'event'),
          h('th', {}, 'data'),
        ),
        rows,
      ),
      more > 0 ? h('div', { class: 'small muted' }, `${plural(more, 'more event')} not kept in the report`) : null,
    ]
  }

  function visibleCards() {
    return cards.filter((card) => !card.element.hidden).map((card) => card.element)
  }

  function update() {
    let shown = 0
    for (const card of cards) {
      const visible = matches(card.result)
      card.element.hidden = !visible
      if (visible) shown++
    }
    document.getElementById('shown').textContent = `${shown} of ${plural(cards.length, 'case')} shown`
    document.getElementById('no-cases').hidden = shown > 0
    for (const card of document.querySelectorAll('.capability'))
      card.classList.toggle('selected', card.getAttribute('data-capability') === state.capability)
  }

  /** A link to a case: show it whatever the filters, open it, scroll to it. */
  function reveal(id) {
    const card = cards.find((c) => c.result.id === id)
    if (!card) return
    card.element.hidden = false
    card.element.open = true
    card.element.scrollIntoView({ block: 'start' })
  }

  document.title = `${report.certification.verdict}: ${report.target.name} (${report.tool.name})`
  const root = document.getElementById('app')
  append(root, [header(), levels(), capabilities(), causes()])
  root.append(h('h2', {}, 'Cases'), filters())
  const list = h('div', { id: 'case-list' })
  for (const result of report.cases) {
    const card = caseCard(result)
    cards.push(card)
    list.append(card.element)
  }
  list.append(h('div', { class: 'panel empty muted', id: 'no-cases' }, 'No case matches the filters.'))
  root.append(list)
  root.append(
    h(
      'footer',
      { class: 'small muted' },
      'Criteria: CERTIFICATION.md of ',
      report.tool.name,
      '. The same results: ',
      h('code', {}, 'report.json'),
      ', ',
      h('code', {}, 'report.md'),
      ', ',
      h('code', {}, 'junit.xml'),
      '.',
    ),
  )
  root.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-case]') : null
    if (!link) return
    event.preventDefault()
    reveal(link.getAttribute('data-case'))
  })
  if (location.hash.startsWith('#case-')) reveal(decodeURIComponent(location.hash.slice('#case-'.length)))
  update()
  document.documentElement.setAttribute('data-ready', 'true')
})()
