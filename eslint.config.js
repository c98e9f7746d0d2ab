// @ts-check
import { dirname, join, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/**
 * The TypeScript projects of the solution (tsconfig.json) and the projects each may import
 * from: its `references`. `tsc -b` rejects a file that imports from a project it does not
 * reference; the `confab/layers` rule below says so at the import, at any folder depth.
 */
function readProjects() {
  /** @param {string} path */
  const read = (path) => {
    const { config, error } = ts.readConfigFile(path, ts.sys.readFile);
    if (error)
      throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
    return /** @type {{ references?: { path: string }[] }} */ (config);
  };
  /** @param {string} from @param {string} ref */
  const configOf = (from, ref) =>
    ref.endsWith('.json') ? resolve(from, ref) : resolve(from, ref, 'tsconfig.json');
  const solution = join(ROOT, 'tsconfig.json');
  return (read(solution).references ?? []).map(({ path }) => {
    const config = configOf(ROOT, path);
    const references = (read(config).references ?? []).map((ref) =>
      configOf(dirname(config), ref.path),
    );
    return { config, dir: dirname(config), references: new Set(references) };
  });
}

const PROJECTS = readProjects();

/** The project a file belongs to: the one with the deepest directory holding it. */
function projectOf(/** @type {string} */ file) {
  let best = null;
  for (const project of PROJECTS) {
    const rel = relative(project.dir, file);
    if (rel.startsWith('..') || rel.startsWith(sep)) continue;
    if (best === null || project.dir.length > best.dir.length) best = project;
  }
  return best;
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      unreferenced:
        '{{from}} must not import {{to}}: its tsconfig.json does not reference it (import direction: see docs/development.md)',
    },
  },
  create(context) {
    const from = projectOf(context.filename);
    if (from === null) return {};
    /** @param {import('estree').Node & { source?: import('estree').Node | null }} node */
    const check = (node) => {
      const source = node.source;
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const to = projectOf(resolve(dirname(context.filename), source.value));
      if (to === null || to === from || from.references.has(to.config)) return;
      context.report({
        node: source,
        messageId: 'unreferenced',
        data: { from: relative(ROOT, from.dir) || '.', to: relative(ROOT, to.dir) || '.' },
      });
    };
    return {
      ImportDeclaration: check,
      ExportAllDeclaration: check,
      ExportNamedDeclaration: check,
      ImportExpression: check,
    };
  },
};

/**
 * What the environment of a folder lacks (its tsconfig has no such types): packages only;
 * `extra` patterns add other imports the folder must not use.
 */
const environment = (from, forbidden, extra = []) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((group) => ({
            group: [group],
            message: `src/${from} runs where ${group} does not exist (see docs/development.md)`,
          })),
          ...extra,
        ],
      },
    ],
  },
});

const CALL_ONLY = 'the web app talks to a Call, never to a peer connection (docs/client.md)';

/** The web app uses the library's Call: no RTCPeerConnection, Peer, Mesh or `.pc` of its own. */
const webUsesCallOnly = {
  files: ['src/web/**/*.ts'],
  rules: {
    'no-restricted-globals': ['error', { name: 'RTCPeerConnection', message: CALL_ONLY }],
    'no-restricted-syntax': [
      'error',
      {
        selector:
          'Identifier[name=/^(RTCPeerConnection|Peer|Mesh|MeshTransport|SfuTransport|callInternals|CALL_INTERNALS)$/]',
        message: CALL_ONLY,
      },
      { selector: "MemberExpression[property.name='pc']", message: CALL_ONLY },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.tsbuild/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      // tsconfig's noPropertyAccessFromIndexSignature wants env['X']; let both agree.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      'no-console': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Scripts, benchmarks and tests print their results.
    files: ['scripts/**', 'bench/**', 'e2e/**', '**/*.test.ts', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Playwright fixtures must destructure their first argument, even when they use none.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // Import direction between projects (protocol → server/client, client → web, server → cli).
    files: ['**/*.ts'],
    plugins: { confab: { rules: { layers: layersRule } } },
    rules: { 'confab/layers': 'error' },
  },
  environment('protocol', ['node:*', 'ws']),
  environment('client', ['node:*', 'ws']),
  environment(
    'web',
    ['node:*', 'ws'],
    [
      {
        group: ['**/client/peer*', '**/client/call/*', '**/client/signaling-client*'],
        message: CALL_ONLY,
      },
    ],
  ),
  webUsesCallOnly,
  prettier,
);
