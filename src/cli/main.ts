/**
 * The command line: `oai-conformance [run] [flags]`, `serve`, `checks`, `validate`, `proxy`.
 * Usage errors print one line and exit 2. Each command loads its own modules when it runs
 * (`serve` and `checks` need the whole catalogue; a run sends its smoke request first).
 */
import { CAPABILITIES, MODEL_ROLES } from '../core/capabilities.ts'
import { ENVIRONMENT_USAGE, RUN_USAGE, UsageError, resolveRun } from '../config/index.ts'
import { EXIT } from '../run/exit-code.ts'
import { startRun, type RunIo } from '../run/start-run.ts'
import { TOOL } from '../run/package-root.ts'

export const HELP = `Usage: oai-conformance [command] [flags]

Commands:
  run       Run the conformance suites against a target (the default command)
  serve     Start the reference endpoint (oai-conformance serve --help)
  validate  Judge captured traffic: HAR, recordings, JSON Lines (oai-conformance validate --help)
  proxy     Judge live traffic through a loopback proxy (oai-conformance proxy --help)
  checks    List every check with its level and spec reference
  diff      Compare two report.json files: regressions, fixes (oai-conformance diff --help)
  expectations  Make an expectations file (known deviations) from a report.json
  merge     Join the reports of a run split with --shard I/N (oai-conformance merge --help)

${RUN_USAGE}

With no base URL anywhere, the run starts the embedded reference endpoint.
Capabilities (--only): ${CAPABILITIES.join(', ')}
Model roles (--model ROLE=ID): ${MODEL_ROLES.join(', ')} (vision, tools and structured default to chat)
${ENVIRONMENT_USAGE}

Exit codes: 0 nothing failed, 1 a check failed, 2 bad usage or the run could not start.
`

const defaultIo: RunIo = { stdout: process.stdout, stderr: process.stderr }

export async function main(argv: string[], io: RunIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'serve':
        return await (await import('./serve.ts')).runServe(rest, io)
      case 'diff':
        return (await import('./diff-command.ts')).runDiff(rest, io)
      case 'expectations':
        return (await import('./expectations-command.ts')).runExpectations(rest, io)
      case 'merge':
        return await (await import('./merge-command.ts')).runMerge(rest, io)
      case 'validate':
        return await (await import('./validate-command.ts')).runValidate(rest, io)
      case 'proxy':
        return await (await import('./proxy-command.ts')).runProxy(rest, io)
      case 'checks':
        io.stdout.write((await import('./checks-command.ts')).formatCatalogue())
        return EXIT.ok
      case '--version':
        io.stdout.write(`${TOOL.name} ${TOOL.version}\n`)
        return EXIT.ok
      case 'help':
        io.stdout.write(HELP)
        return EXIT.ok
      case 'run':
        return await run(rest, io)
      default:
        return await run(argv, io)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`oai-conformance: ${error.message}\n`)
      return EXIT.usage
    }
    io.stderr.write(
      `oai-conformance: the run could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    return EXIT.usage
  }
}

async function run(argv: string[], io: RunIo): Promise<number> {
  const resolved = await resolveRun({ argv, env: process.env, cwd: process.cwd() })
  if (resolved.help) {
    io.stdout.write(HELP)
    return EXIT.ok
  }
  return startRun(resolved.targets, resolved.options, io)
}
