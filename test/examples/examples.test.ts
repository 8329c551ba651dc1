/** Every example config loads as a user's would, and the nightly workflow uses commands that exist. */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { parse } from 'yaml'
import { loadConfigFile, resolveRun } from '../../src/config/index.ts'
import { HELP } from '../../src/cli/main.ts'

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url))
const configs = [
  'providers.config.json',
  ...readdirSync(path.join(EXAMPLES, 'providers')).map((file) => path.join('providers', file)),
]

test.each(configs)('%s loads and resolves', async (file) => {
  const full = path.join(EXAMPLES, file)
  const { config } = await loadConfigFile(full, EXAMPLES)
  const targets = config.targets ?? [config.target!]
  // Every key variable set, as CI secrets would be.
  const env = Object.fromEntries(targets.flatMap((t) => (t.apiKeyEnv ? [[t.apiKeyEnv, 'sk-example']] : [])))
  const run = await resolveRun({ argv: ['--config', full], env, cwd: EXAMPLES })
  for (const target of run.targets) {
    expect(target.embedded).toBe(false)
    expect(target.models.chat).toBeTruthy()
  }
})

test('the example providers cover the common ones and the vendor of shared/reference', () => {
  const names = readdirSync(path.join(EXAMPLES, 'providers')).map((file) => file.replace(/\.json$/, ''))
  for (const expected of ['openai', 'together', 'groq', 'fireworks', 'deepseek', 'mistral', 'openrouter']) {
    expect(names).toContain(expected)
  }
  for (const expected of ['gemini', 'anthropic', 'ollama', 'vllm', 'llama-cpp', 'lm-studio', 'bytecompute']) {
    expect(names).toContain(expected)
  }
})

test('the nightly workflow parses and runs only commands the tool has', () => {
  const workflow = parse(readFileSync(path.join(EXAMPLES, 'github-actions', 'nightly.yml'), 'utf8'))
  const scripts = Object.values<{ steps: { run?: string }[] }>(workflow.jobs)
    .flatMap((job) => job.steps)
    .flatMap((step) => (step.run ? [step.run] : []))
    .join('\n')
  const commands = [...scripts.matchAll(/npx oai-conformance (\w+)/g)].map((m) => m[1]!)
  expect(commands.length).toBeGreaterThan(0)
  for (const command of commands) {
    if (command.startsWith('-')) continue
    expect(HELP).toMatch(new RegExp(`^ {2}${command} `, 'm'))
  }
  expect(scripts).toContain('--shard')
  expect(scripts).toContain('GITHUB_STEP_SUMMARY')
})
