import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

// Import boundaries (what may import what): a file that crosses one fails the lint, and so the
// build. `eslint.boundaries.test.ts` shows each rule failing on a fixture.
const SERVER_ONLY = ['@duckdb/node-api', 'express', 'express-*', 'helmet', 'socket.io', 'pino', '@node-rs/*', 'jose', 'node:*'];
const restrict = (patterns) => ['error', { patterns }];

export const BOUNDARIES = [
  {
    // The screen talks to the gateway over the wire only: of the gateway it imports the protocol.
    files: ['screen/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['**/gateway/src/**', '**/gateway/src'], message: 'the screen imports only gateway/protocol of the gateway' },
        { group: ['**/datasets/**'], message: 'the screen reads the city over REST, not from datasets/' },
        { group: SERVER_ONLY, message: 'server-only module in the screen' },
        // types of the contract are fine; the schema library itself stays out of the bundle
        { group: ['zod', 'zod/*'], allowTypeImports: true, message: 'import zod types only (the protocol’s zod-free modules give the values)' },
      ]),
    },
  },
  {
    // The contract imports nothing of the gateway's implementation.
    files: ['gateway/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['**/src/**', '../src', '**/datasets/**'], message: 'gateway/protocol imports nothing of the gateway' },
        { group: SERVER_ONLY, message: 'the protocol is shared with the screen: no server-only modules' },
      ]),
    },
  },
  {
    // SQL stays in db/: only it talks to DuckDB. (Before the domain's rule, which repeats it: the last rule of a file wins.)
    files: ['gateway/src/**/*.ts'],
    ignores: ['gateway/src/db/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([{ group: ['@duckdb/*'], message: 'only gateway/src/db talks to DuckDB (SQL stays in db/)' }]),
    },
  },
  {
    // The domain is pure: data in, data out; no I/O.
    files: ['gateway/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['**/db/**', '**/api/**', '**/realtime/**', '**/ingest/**', '**/sim/**', '**/admin/**'], message: 'domain/ is pure: no database, HTTP or sockets' },
        { group: ['@duckdb/*'], message: 'domain/ is pure: no database' },
        { group: SERVER_ONLY.filter((m) => !m.startsWith('@duckdb')), allowTypeImports: true, message: 'domain/ is pure: no I/O modules' },
      ]),
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.scratch/**', 'bench/results.json', 'datasets/**/*.geojson', 'tests/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  ...BOUNDARIES,
);
