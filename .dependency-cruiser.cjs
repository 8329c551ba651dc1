/**
 * The one-way layers of oai-conformance, checked by dependency-cruiser (`npm run layers`, and
 * test/architecture/layers.test.ts in `npm test`). Bottom to top, each layer imports only its own
 * layer and those below it:
 *
 *   L0 core        src/core/
 *   L1 formats     src/formats/, spec src/spec/
 *   L2 engine      src/engine/, transport src/transport/, reference shell src/reference/,
 *                  config src/config/, report model src/report/
 *   L3 API slices  src/apis/<api>/ (their own folder and src/apis/shared/, never another slice)
 *   L4 catalogue   the files directly in src/apis/ (index.ts, reference.ts, infer.ts)
 *   L5 suites      suites/
 *   L6 reporters   reporters/ (writers over the report model only)
 *   L7 entry       src/run/, src/validate/ and src/proxy/ (judging captured traffic), src/cli/,
 *                  src/index.ts, scripts/, bin/
 *
 * Node built-ins and npm packages are outside the layers: any layer may use them.
 */

/** Any module of ours (as opposed to node built-ins and npm packages). */
const OURS = '^(src|suites|reporters|scripts|bin|test)/'

/** L0 and L1: core, formats, spec. */
const CORE_FORMATS_SPEC = '^src/(core|formats|spec)/'

/** L0 to L2: everything an API slice may import besides its own folder and src/apis/shared/. */
const BELOW_API_SLICES = '^src/(core|formats|spec|engine|transport|reference|config|report)/'

/** L3: an API slice's folder; group 1 is the slice's name. */
const API_SLICE = '^src/apis/([^/]+)/'

/** L4: the catalogue, the files directly in src/apis/. */
const CATALOGUE = '^src/apis/[^/]+$'

/** Every folder (or file) of src/ that has a layer; a src/ module outside all of them escapes the rules. */
const LAYERED_SRC = [
  '^src/(core|formats|spec|engine|transport|reference|config|report|apis|run|validate|proxy|cli)/',
  '^src/index\\.ts$',
]

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment: 'src/core/ is the bottom layer: it imports no other folder of ours (node and npm are fine).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: OURS, pathNot: '^src/core/' },
    },
    {
      name: 'formats-spec-import-only-core',
      comment: 'src/formats/ and src/spec/ import only their own folder and src/core/; they do not import each other.',
      severity: 'error',
      from: { path: '^src/(formats|spec)/' },
      to: { path: OURS, pathNot: '^src/($1|core)/' },
    },
    {
      name: 'engine-transport-reference-config-report-import-only-core-formats-spec',
      comment:
        'src/engine/, src/transport/, src/reference/ (the shell), src/config/ and src/report/ import only their ' +
        'own folder, src/core/, src/formats/ and src/spec/; these five do not import each other.',
      severity: 'error',
      from: { path: '^src/(engine|transport|reference|config|report)/' },
      to: { path: OURS, pathNot: ['^src/$1/', CORE_FORMATS_SPEC] },
    },
    {
      name: 'api-slice-imports-only-below-its-folder-and-shared',
      comment:
        'An API slice src/apis/<api>/ imports only its own folder, src/apis/shared/ and the layers below ' +
        '(core, formats, spec, engine, transport, reference shell, config, report model): never another ' +
        'slice, the catalogue or anything above. src/apis/shared/ imports no slice.',
      severity: 'error',
      from: { path: API_SLICE },
      to: { path: OURS, pathNot: ['^src/apis/($1|shared)/', BELOW_API_SLICES] },
    },
    {
      name: 'catalogue-imports-only-api-slices-and-below',
      comment:
        'The catalogue (the files directly in src/apis/: index.ts, reference.ts, infer.ts) imports only ' +
        'itself, the API slices and the layers below them; not suites/, reporters/ or the entry points.',
      severity: 'error',
      from: { path: CATALOGUE },
      to: { path: OURS, pathNot: ['^src/apis/', BELOW_API_SLICES] },
    },
    {
      name: 'suites-import-only-src-apis-and-below',
      comment:
        'suites/ imports only suites/, src/apis/ (catalogue and slices) and the layers below them; not ' +
        'reporters/ or the entry points.',
      severity: 'error',
      from: { path: '^suites/' },
      to: { path: OURS, pathNot: ['^suites/', '^src/apis/', BELOW_API_SLICES] },
    },
    {
      name: 'reporters-import-only-core-and-report',
      comment:
        'The writers in reporters/ import only reporters/, src/core/ and the report model src/report/ ' +
        '(and node and npm): not the engine, transport, API slices, catalogue, suites or run.',
      severity: 'error',
      from: { path: '^reporters/' },
      to: { path: OURS, pathNot: '^(reporters|src/core|src/report)/' },
    },
    {
      name: 'product-imports-no-test',
      comment: 'Nothing in src/, suites/ or reporters/ imports the self-tests in test/.',
      severity: 'error',
      from: { path: '^(src|suites|reporters)/' },
      to: { path: '^test/' },
    },
    {
      name: 'src-module-has-a-layer',
      comment:
        'Every module in src/ sits in one of the layers above (a new folder is added to ' +
        '.dependency-cruiser.cjs first), so that no module escapes the rules.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERED_SRC },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'No module reaches itself again through its imports (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment:
        'Every import of ours resolves to a file; an import dependency-cruiser cannot follow would escape ' +
        'every rule above.',
      severity: 'error',
      from: { path: OURS },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // npm packages are leaves: their own imports are not ours to check.
    doNotFollow: { path: 'node_modules' },
    // Read the TypeScript sources as written, so that `import type` edges count as well.
    tsPreCompilationDeps: true,
    // Our imports name their files with the `.ts` extension (tsconfig: allowImportingTsExtensions), which
    // enhanced-resolve finds as written; the extensions only matter for npm packages' own entry points.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
}
