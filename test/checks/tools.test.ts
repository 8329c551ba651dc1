/**
 * The function-calling checks on hand-made exchanges: OpenAI's own shapes pass; each
 * deviation is caught by the check that owns it, with a message that says what happened;
 * model behaviour is a warning, never a failure; checks skip where their premise is absent.
 */
import { describe, expect, it } from 'vitest'
import { getCheck } from '../../src/apis/index.ts'
import { chunk, choice } from './stream-fixtures.ts'
import {
  ARGS,
  callsMessage,
  completion,
  contentChunks,
  exchange,
  GET_STOCK_PRICE,
  GET_WEATHER,
  REQUEST,
  run,
  said,
  streamed,
  textMessage,
  toolCall,
  twoCallChunks,
  verdict,
} from './tools-fixtures.ts'

const withCall = (call = toolCall(), request = REQUEST) => exchange(completion([callsMessage(call)]), request)

describe('the shape of a tool call', () => {
  const SHAPE = [
    'tools.call.id',
    'tools.call.type',
    'tools.call.name',
    'tools.call.arguments-string',
    'tools.strict.arguments-valid',
    'tools.finish-reason',
    'tools.call.ids-unique',
  ]

  it.each(SHAPE)("%s passes on OpenAI's recorded shape", (id) => {
    const result = run(id, withCall())
    expect(verdict(result), said(result)).toBe('pass')
  })

  it('an empty or missing id fails tools.call.id', () => {
    expect(said(run('tools.call.id', withCall(toolCall(ARGS, { id: '' }))))).toMatch(
      /tool call id is "", expected a non-empty string/,
    )
    const { id: _id, ...noId } = toolCall()
    expect(said(run('tools.call.id', withCall(noId)))).toMatch(/tool call id is undefined/)
  })

  it('a type other than "function" fails tools.call.type', () => {
    const { type: _type, ...noType } = toolCall()
    expect(said(run('tools.call.type', withCall(noType)))).toMatch(/type is undefined, expected "function"/)
    expect(said(run('tools.call.type', withCall(toolCall(ARGS, { type: 'tool' }))))).toMatch(/type is "tool"/)
  })

  it('an undeclared function name fails tools.call.name, naming the declared ones', () => {
    const result = run('tools.call.name', withCall(toolCall(ARGS, { name: 'functions.get_weather' })))
    expect(said(result)).toMatch(
      /"functions\.get_weather", which the request did not declare \(declared: get_weather\)/,
    )
  })

  it('arguments as an object fail tools.call.arguments-string (and are left to it by the schema checks)', () => {
    const call = toolCall({ location: 'Paris', unit: 'celsius' })
    expect(said(run('tools.call.arguments-string', withCall(call)))).toMatch(
      /function\.arguments is an object, expected a JSON-encoded string/,
    )
    expect(verdict(run('tools.strict.arguments-valid', withCall(call)))).toBe('skip')
  })

  it('strict arguments that break the schema fail tools.strict.arguments-valid', () => {
    const missing = run('tools.strict.arguments-valid', withCall(toolCall('{"location":"Paris"}')))
    expect(said(missing)).toMatch(/get_weather arguments: must have required property 'unit'/)
    const extra = run('tools.strict.arguments-valid', withCall(toolCall('{"location":"Paris","unit":"kelvin"}')))
    expect(said(extra)).toMatch(/must be equal to one of the allowed values/)
    expect(
      verdict(run('tools.strict.arguments-valid', withCall(toolCall('{"location":"Paris","unit":"celsius","x":1}')))),
    ).toBe('deviation')
  })

  it('strict validity is required for one call or parallel_tool_calls false, and a warning among parallel calls', () => {
    const bad = toolCall('{"location":"Paris","unit":"kelvin"}', { id: 'call_2' })
    const two = (request = REQUEST) => exchange(completion([callsMessage(toolCall(), bad)]), request)
    expect(getCheck('tools.strict.parallel-arguments-valid')!.level).toBe('recommended')
    expect(said(run('tools.strict.arguments-valid', two()))).toMatch(
      /^skip: no call of a strict tool in a message with one call/,
    )
    expect(said(run('tools.strict.parallel-arguments-valid', two()))).toMatch(
      /must be equal to one of the allowed values/,
    )
    const serial = { ...REQUEST, parallel_tool_calls: false }
    expect(verdict(run('tools.strict.arguments-valid', two(serial)))).toBe('deviation')
    expect(verdict(run('tools.strict.parallel-arguments-valid', two(serial)))).toBe('skip')
    expect(verdict(run('tools.strict.parallel-arguments-valid', withCall(bad)))).toBe('skip')
    expect(getCheck('tools.strict.parallel-arguments-valid')!.notes).toMatch(
      /Structured Outputs is not compatible with parallel function calls/,
    )
  })

  it('arguments that are not JSON say why', () => {
    expect(said(run('tools.strict.arguments-valid', withCall(toolCall("{'location': 'Paris'}"))))).toMatch(
      /get_weather: arguments is not a single JSON value/,
    )
    expect(said(run('tools.strict.arguments-valid', withCall(toolCall('```json\n{}\n```'))))).toMatch(
      /wrapped in a markdown code fence/,
    )
    expect(said(run('tools.strict.arguments-valid', withCall(toolCall('[1]'))))).toMatch(/JSON but not an object/)
  })

  it("a non-strict tool's bad arguments are a warning (tools.call.arguments-valid), not the strict check's", () => {
    const request = { ...REQUEST, tools: [GET_STOCK_PRICE] }
    const bad = exchange(completion([callsMessage(toolCall('{}', { name: 'get_stock_price' }))]), request)
    expect(getCheck('tools.call.arguments-valid')!.level).toBe('recommended')
    expect(said(run('tools.call.arguments-valid', bad))).toMatch(/must have required property 'symbol'/)
    expect(verdict(run('tools.strict.arguments-valid', bad))).toBe('skip')
  })

  it("the $schema draft the SDK's zod helpers stamp does not stop validation", () => {
    const tool = {
      ...GET_WEATHER,
      function: {
        ...GET_WEATHER.function,
        parameters: { $schema: 'http://json-schema.org/draft-07/schema#', ...GET_WEATHER.function.parameters },
      },
    }
    const result = run(
      'tools.strict.arguments-valid',
      withCall(toolCall('{"location":"Paris"}'), { ...REQUEST, tools: [tool] }),
    )
    expect(said(result)).toMatch(/required property 'unit'/)
  })

  it('a declared schema that does not compile skips, never blames the endpoint', () => {
    const tool = {
      ...GET_WEATHER,
      function: { ...GET_WEATHER.function, parameters: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } },
    }
    const result = run('tools.strict.arguments-valid', withCall(toolCall('{"a":1}'), { ...REQUEST, tools: [tool] }))
    expect(said(result)).toMatch(/^skip: the get_weather arguments schema the request declared does not compile/)
  })

  it('shared ids fail tools.call.ids-unique', () => {
    const result = run('tools.call.ids-unique', exchange(completion([callsMessage(toolCall(), toolCall())])))
    expect(said(result)).toMatch(/tool call id "call_lajfUEGHY26jOJyJdSHd5zbs" is used by more than one call/)
  })

  it('the shape checks skip a completion without tool calls and a stream (tools.stream.assembled judges it)', () => {
    expect(said(run('tools.call.id', exchange(completion([textMessage('Hi')]))))).toMatch(
      /^skip: the completion carried no tool calls/,
    )
    expect(said(run('tools.call.id', streamed(twoCallChunks())))).toMatch(/^skip: a streamed completion/)
  })
})

describe('tools.finish-reason', () => {
  it('fails "stop" with tool calls under "auto"', () => {
    const result = run('tools.finish-reason', exchange(completion([callsMessage(toolCall())], ['stop'])))
    expect(said(result)).toMatch(/called 1 tool\(s\) but finished with "stop", expected "tool_calls"/)
  })

  it('accepts "stop" when tool_choice forces the call, as OpenAI sends it, and says so', () => {
    for (const tool_choice of ['required', { type: 'function', function: { name: 'get_weather' } }]) {
      const result = run(
        'tools.finish-reason',
        exchange(completion([callsMessage(toolCall())], ['stop']), { ...REQUEST, tool_choice }),
      )
      expect(verdict(result), said(result)).toBe('note')
      expect(said(result)).toMatch(/choice 0 called tools and finished with "stop".*tool_choice forced the call/)
    }
  })

  it('fails "tool_calls" on a message without tool calls', () => {
    expect(said(run('tools.finish-reason', exchange(completion([textMessage('Hi')], ['tool_calls']))))).toMatch(
      /finished with "tool_calls" but its message carries no tool calls/,
    )
  })
})

describe('tool_choice', () => {
  const text = exchange(completion([textMessage('It is sunny.')]))
  const call = withCall()
  const named = (name: string) => ({ type: 'function', function: { name } })

  it('"none": a call fails, text passes', () => {
    const request = { ...REQUEST, tool_choice: 'none' }
    expect(said(run('tools.choice.none', withCall(toolCall(), request)))).toMatch(
      /called "get_weather" although tool_choice is "none"/,
    )
    expect(verdict(run('tools.choice.none', exchange(completion([textMessage('No.')]), request)))).toBe('pass')
  })

  it('"required": text fails, quoting it; a call passes', () => {
    const request = { ...REQUEST, tool_choice: 'required' }
    expect(said(run('tools.choice.required', exchange(completion([textMessage('It is sunny.')]), request)))).toMatch(
      /called no tool although tool_choice is "required"; it answered "It is sunny\."/,
    )
    expect(verdict(run('tools.choice.required', withCall(toolCall(), request)))).toBe('pass')
  })

  it('a named function: another function or none at all fails', () => {
    const request = { ...REQUEST, tools: [GET_WEATHER, GET_STOCK_PRICE], tool_choice: named('get_stock_price') }
    expect(said(run('tools.choice.named', withCall(toolCall(), request)))).toMatch(
      /called "get_weather"; tool_choice allows only "get_stock_price"/,
    )
    expect(said(run('tools.choice.named', exchange(completion([textMessage('Hi')]), request)))).toMatch(
      /called no tool although tool_choice names "get_stock_price"/,
    )
    expect(
      verdict(run('tools.choice.named', withCall(toolCall('{"symbol":"AAPL"}', { name: 'get_stock_price' }), request))),
    ).toBe('pass')
  })

  it('"auto" with no call is a warning that names it model behaviour', () => {
    expect(getCheck('tools.choice.auto-called')!.level).toBe('recommended')
    expect(said(run('tools.choice.auto-called', text))).toMatch(
      /the model chose not to call a tool under "auto" \(model behaviour, not protocol\); it answered "It is sunny\."/,
    )
    expect(verdict(run('tools.choice.auto-called', call))).toBe('pass')
  })

  it('each skips when tool_choice is another mode (absent means "auto" with tools)', () => {
    expect(said(run('tools.choice.none', call))).toMatch(/^skip: tool_choice is null, not none/)
    expect(verdict(run('tools.choice.required', call))).toBe('skip')
    expect(verdict(run('tools.choice.named', call))).toBe('skip')
    expect(
      verdict(run('tools.choice.auto-called', withCall(toolCall(), { ...REQUEST, tool_choice: 'required' }))),
    ).toBe('skip')
  })
})

describe('parallel tool calls', () => {
  const two = exchange(completion([callsMessage(toolCall(), toolCall(ARGS, { id: 'call_KMbhDNYS2l62U8AAxZnpxtg6' }))]))

  it('tools.parallel.called warns on fewer calls than asked, as model behaviour', () => {
    expect(getCheck('tools.parallel.called')!.level).toBe('recommended')
    expect(said(run('tools.parallel.called', withCall(), { params: { calls: 2 } }))).toMatch(
      /made 1 tool call\(s\); the prompt asked for 2 in parallel \(model behaviour\)/,
    )
    expect(verdict(run('tools.parallel.called', two, { params: { calls: 2 } }))).toBe('pass')
  })

  it('tools.parallel.disabled fails two calls under parallel_tool_calls: false', () => {
    const request = { ...REQUEST, parallel_tool_calls: false }
    const result = run(
      'tools.parallel.disabled',
      exchange(completion([callsMessage(toolCall(), toolCall(ARGS, { id: 'call_2' }))]), request),
    )
    expect(said(result)).toMatch(/made 2 tool calls although parallel_tool_calls is false/)
    expect(verdict(run('tools.parallel.disabled', withCall(toolCall(), request)))).toBe('pass')
    expect(verdict(run('tools.parallel.disabled', two))).toBe('skip')
    expect(verdict(run('tools.parallel.called', two, { params: { calls: 2 }, request }))).toBe('pass')
  })
})

describe('the round trip', () => {
  it('passes an answer that uses the result, warns otherwise', () => {
    expect(
      verdict(
        run('tools.round-trip.uses-result', exchange(completion([textMessage('It is 27 °C in Paris.')])), {
          params: { expect: '27' },
        }),
      ),
    ).toBe('pass')
    expect(
      said(
        run('tools.round-trip.uses-result', exchange(completion([textMessage('It is warm.')])), {
          params: { expect: '27' },
        }),
      ),
    ).toMatch(/does not use the tool result: "27" is not in its answer/)
    expect(said(run('tools.round-trip.uses-result', withCall(), { params: { expect: '27' } }))).toMatch(
      /called "get_weather" again instead of answering with the tool result/,
    )
  })
})

describe('canonical request forms', () => {
  const CALL_ID = 'call_Xq3mT8vLp2Rk9WbN4cYd7Hs1'
  const history = (toolContent: unknown, assistantContent: unknown = null, id = CALL_ID) => [
    { role: 'user', content: 'Weather in Paris?' },
    {
      role: 'assistant',
      content: assistantContent,
      tool_calls: [{ id, type: 'function', function: { name: 'get_weather', arguments: ARGS } }],
    },
    { role: 'tool', tool_call_id: id, content: toolContent },
  ]
  const LM_STUDIO = {
    error: {
      message: "Invalid 'content': 'content' field must be a string or an array of objects.",
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  }
  const rejected = (request: Record<string, unknown>, body: unknown = LM_STUDIO, status = 400) =>
    exchange(body, request, { status })
  const answered = (request: Record<string, unknown>) => exchange(completion([textMessage('27')]), request)
  /** The most compatible form of the same conversation: text beside the call, a 9-character id, string content, tools offered. */
  const BASELINE = { ...REQUEST, messages: history('27', 'Calling.', 'a1B2c3D4e') }

  const cases = [
    [
      'tools.request.assistant-content-null',
      { ...REQUEST, messages: history('27', null, 'a1B2c3D4e') },
      { ...REQUEST, messages: history('27', 'Calling.') },
    ],
    [
      'tools.request.tool-content-parts',
      { ...REQUEST, messages: history([{ type: 'text', text: '27' }], 'Calling.', 'a1B2c3D4e') },
      { ...REQUEST, messages: history('27') },
    ],
    [
      'tools.request.openai-call-ids',
      { ...REQUEST, messages: history('27', 'Calling.') },
      { ...REQUEST, messages: [{ role: 'user', content: 'Hi' }] },
    ],
    [
      'tools.request.history-without-tools',
      { model: 'gpt-4o', messages: history('27', 'Calling.', 'a1B2c3D4e') },
      REQUEST,
    ],
  ] as const

  it.each(cases)(
    "%s: accepted passes, rejected fails with the endpoint's message, absent skips",
    (id, present, absent) => {
      expect(verdict(run(id, answered(present)))).toBe('pass')
      expect(said(run(id, rejected(present)))).toMatch(/the endpoint rejected .* with HTTP 400: "Invalid 'content'/)
      expect(verdict(run(id, rejected(absent)))).toBe('skip')
    },
  )

  it.each(cases)('%s: blames the form only when the baseline without it was accepted', (id, present) => {
    const blamed = run(id, rejected(present), { related: { baseline: answered(BASELINE) } })
    expect(said(blamed)).toMatch(/with HTTP 400: .*, while it accepted the same conversation without it$/)
    const both = run(id, rejected(present), { related: { baseline: rejected(BASELINE) } })
    expect(said(both)).toMatch(
      /^skip: the endpoint also rejected the baseline conversation without .* with HTTP 400: "Invalid 'content'.*, so the refusal is not this form's; see http\.status\.success$/,
    )
    expect(verdict(run(id, answered(present), { related: { baseline: rejected(BASELINE) } }))).toBe('pass')
  })

  it("reads the message of a flat, non-OpenAI error body (Mistral's)", () => {
    const mistral = {
      object: 'error',
      message: 'Tool call id was call_Xq3mT8vLp2Rk9WbN4cYd7Hs1 but must be a-z, A-Z, 0-9, with a length of 9.',
      type: 'invalid_request_error',
      param: null,
      code: null,
    }
    const result = run('tools.request.openai-call-ids', rejected({ ...REQUEST, messages: history('27') }, mistral))
    expect(said(result)).toMatch(
      /with HTTP 400: "Tool call id was call_Xq3mT8vLp2Rk9WbN4cYd7Hs1 but must be a-z, A-Z, 0-9, with a length of 9\."$/,
    )
  })

  it('says the endpoint crashed on a form it answers with 500', () => {
    const crash = { error: { code: 500, message: 'Cannot subscript null at row 23, column 40', type: 'server_error' } }
    const result = run(
      'tools.request.assistant-content-null',
      rejected({ ...REQUEST, messages: history('27') }, crash, 500),
    )
    expect(said(result)).toMatch(
      /^the endpoint crashed on an assistant message with tool_calls and content null with HTTP 500: "Cannot subscript null/,
    )
  })
})

describe('tools.call.not-in-content', () => {
  const text = (content: string, request = REQUEST) => exchange(completion([textMessage(content)]), request)

  it.each([
    [
      'Hermes / Qwen',
      '<tool_call>\n{"name": "get_weather", "arguments": {"location": "Paris"}}\n</tool_call>',
      /Hermes \/ Qwen <tool_call> markup/,
    ],
    ['Llama 3.1 python tag', '<|python_tag|>get_weather.call(location="Paris")', /Llama 3\.1 <\|python_tag\|> markup/],
    [
      'Mistral',
      '[TOOL_CALLS][{"name": "get_weather", "arguments": {"location": "Paris"}}]',
      /Mistral \[TOOL_CALLS\] markup/,
    ],
    ['Llama 3.1 function tag', '<function=get_weather>{"location": "Paris"}</function>', /<function=…> markup/],
    ['DeepSeek', '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather', /DeepSeek/],
    [
      'a bare JSON call',
      '{"name": "get_weather", "arguments": {"location": "Paris", "unit": "celsius"}}',
      /a JSON object calling get_weather/,
    ],
    [
      'a JSON call with parameters, after prose',
      'Sure! {"name": "get_weather", "parameters": {"location": "Paris"}}',
      /a JSON object calling get_weather/,
    ],
    [
      'a list of OpenAI-shaped calls',
      '[{"type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]',
      /a JSON object calling get_weather/,
    ],
  ])('fails %s in content', (_what, content, form) => {
    const result = run('tools.call.not-in-content', text(content))
    expect(said(result)).toMatch(
      /^choice 0 carries a tool call as text in content \(.*\) instead of in tool_calls: the server did not parse the model's call$/,
    )
    expect(said(result)).toMatch(form)
  })

  it.each([
    ['prose about the tool', 'I would use get_weather, but I can answer directly: it is sunny.'],
    ['JSON that calls no declared tool', '{"name": "get_time", "arguments": {}}'],
    ['JSON naming the tool without arguments', '{"name": "get_weather"}'],
    ['braces that are not JSON', 'The set {a, b} has {"two" elements.'],
  ])('passes %s', (_what, content) => {
    const result = run('tools.call.not-in-content', text(content))
    expect(verdict(result), said(result)).toBe('pass')
  })

  it("passes real tool calls, skips a request without tools, and reads a stream's assembled content", () => {
    expect(verdict(run('tools.call.not-in-content', withCall()))).toBe('pass')
    expect(
      said(run('tools.call.not-in-content', text('<tool_call>', { model: 'gpt-4o', messages: REQUEST.messages }))),
    ).toBe('skip: the request offered no tools')
    expect(
      said(
        run(
          'tools.call.not-in-content',
          streamed(contentChunks(['<tool_call>{"name": ', '"get_weather", "arguments": {}}</tool_call>'])),
        ),
      ),
    ).toMatch(/Hermes \/ Qwen/)
  })

  it('leaves such a choice to itself: tools.choice.auto-called and tools.parallel.called skip it', () => {
    const leaked = text('<tool_call>{"name": "get_weather", "arguments": {}}</tool_call>')
    expect(said(run('tools.choice.auto-called', leaked))).toMatch(
      /^skip: choice 0 carries a tool call as text in content .*; see tools\.call\.not-in-content$/,
    )
    expect(verdict(run('tools.parallel.called', leaked, { params: { calls: 2 } }))).toBe('skip')
  })
})

describe('tools.stream.assembled', () => {
  it("passes OpenAI's fragment pattern, two calls included", () => {
    const result = run('tools.stream.assembled', streamed(twoCallChunks()))
    expect(verdict(result), said(result)).toBe('pass')
    expect(verdict(run('tools.call.ids-unique', streamed(twoCallChunks())))).toBe('pass')
  })

  it('judges the assembled call by the non-streamed rules: id, declared name, strict schema', () => {
    const chunks = (first: Record<string, unknown>, args: string[]) => [
      chunk([
        choice(0, {
          role: 'assistant',
          content: null,
          tool_calls: [
            { index: 0, type: 'function', ...first, function: { arguments: '', ...(first.function as object) } },
          ],
        }),
      ]),
      ...args.map((piece) => chunk([choice(0, { tool_calls: [{ index: 0, function: { arguments: piece } }] })])),
      chunk([choice(0, {}, 'tool_calls')]),
    ]
    const noId = run(
      'tools.stream.assembled',
      streamed(chunks({ function: { name: 'get_weather' } }, ['{"location":"Paris",', '"unit":"celsius"}'])),
    )
    expect(said(noId)).toMatch(/tool call id is undefined/)
    const undeclared = run(
      'tools.stream.assembled',
      streamed(chunks({ id: 'call_1', function: { name: 'get_time' } }, ['{}'])),
    )
    expect(said(undeclared)).toMatch(/names function "get_time", which the request did not declare/)
    const invalid = run(
      'tools.stream.assembled',
      streamed(chunks({ id: 'call_1', function: { name: 'get_weather' } }, ['{"location":', '"Paris"}'])),
    )
    expect(said(invalid)).toMatch(/required property 'unit'/)
  })

  it('leaves strict validity among parallel calls to tools.strict.parallel-arguments-valid, unless parallel_tool_calls is false', () => {
    const chunks = twoCallChunks() as any[]
    chunks[4].choices[0].delta.tool_calls[0].function.arguments = '{"location":"Tokyo","unit":"kelvin"}'
    expect(verdict(run('tools.stream.assembled', streamed(chunks)))).toBe('pass')
    expect(said(run('tools.strict.parallel-arguments-valid', streamed(chunks)))).toMatch(
      /must be equal to one of the allowed values/,
    )
    expect(said(run('tools.stream.assembled', streamed(chunks, { ...REQUEST, parallel_tool_calls: false })))).toMatch(
      /must be equal to one of the allowed values/,
    )
  })

  it('tool_choice checks read streams too', () => {
    const request = { ...REQUEST, tool_choice: 'none' }
    expect(said(run('tools.choice.none', streamed(twoCallChunks(), request)))).toMatch(
      /called "get_weather", "get_weather" although tool_choice is "none"/,
    )
  })

  it('shared ids in a stream fail tools.call.ids-unique', () => {
    expect(verdict(run('tools.call.ids-unique', streamed(twoCallChunks(['call_same', 'call_same']))))).toBe('deviation')
  })

  it('skips a non-streamed completion', () => {
    expect(verdict(run('tools.stream.assembled', withCall()))).toBe('skip')
  })
})

describe('tools.sdk.parsed-arguments', () => {
  const parsed = {
    ok: true as const,
    value: {
      choices: [
        {
          message: {
            content: null,
            parsed: null,
            tool_calls: [
              {
                ...toolCall(),
                function: {
                  name: 'get_weather',
                  arguments: ARGS,
                  parsed_arguments: { location: 'Paris', unit: 'celsius' },
                },
              },
            ],
          },
        },
      ],
    },
  }
  const body = completion([callsMessage(toolCall())])

  it('passes parsed calls, fails a raising SDK, skips recordings', () => {
    expect(verdict(run('tools.sdk.parsed-arguments', exchange(body, REQUEST, { sdk: parsed })))).toBe('pass')
    const raised = { ok: false as const, error: { name: 'ZodError', message: 'unit: Required' } }
    expect(said(run('tools.sdk.parsed-arguments', exchange(body, REQUEST, { sdk: raised })))).toMatch(
      /the SDK's parse\(\) raised ZodError: unit: Required/,
    )
    expect(verdict(run('tools.sdk.parsed-arguments', exchange(body)))).toBe('skip')
  })

  it('fails a result that is not a completion; skips when there was nothing to parse or the request was refused', () => {
    expect(
      said(run('tools.sdk.parsed-arguments', exchange(body, REQUEST, { sdk: { ok: true, value: 'raw body' } }))),
    ).toMatch(/parse\(\) returned "raw body", not a completion/)
    const text = { ok: true as const, value: { choices: [{ message: { content: 'Hi', parsed: null } }] } }
    expect(
      said(run('tools.sdk.parsed-arguments', exchange(completion([textMessage('Hi')]), REQUEST, { sdk: text }))),
    ).toMatch(/^skip: parse\(\) returned no call of a strict tool/)
    const refused = { ok: false as const, error: { name: 'BadRequestError', status: 400, message: '400 bad' } }
    expect(
      said(
        run(
          'tools.sdk.parsed-arguments',
          exchange({ error: { message: 'bad' } }, REQUEST, { status: 400, sdk: refused }),
        ),
      ),
    ).toMatch(/^skip: the request did not succeed \(HTTP 400\); see http\.status\.success$/)
  })
})
