// Type-aware linting; `no-unsafe-*` is relaxed only under test/ where fixtures are loosely typed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.config.*', '.local/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
      // v4 handlers take (request, context) whether they use both or not.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['devhost/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Fixture apps are written the way app code using durable-functions commonly is.
    files: ['test/fixtures/**'],
    rules: {
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'require-yield': 'off',
    },
  },
  {
    // Scripts outside the TypeScript project (azd hooks) are linted without type information.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['infra/hooks/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests read loosely typed JSON bodies; production code keeps the rule.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Determinism guard for orchestrators (they are replayed): inside generator functions, no clock,
    // randomness, timers, network or environment; in the whole file, no direct I/O modules or SDK
    // clients (activities in the same file reach Cosmos DB, Blob Storage or e-mail through adapters/).
    // test/fixtures/determinism/ holds the files the guard's own test lints.
    files: ['orchestrations/**/*.ts', 'test/fixtures/determinism/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          ["CallExpression[callee.object.name='Date'][callee.property.name='now']", 'Date.now()'],
          ["NewExpression[callee.name='Date'][arguments.length=0]", 'new Date()'],
          ["CallExpression[callee.object.name='Math'][callee.property.name='random']", 'Math.random()'],
          [
            "CallExpression[callee.object.name='performance'][callee.property.name='now']",
            'performance.now()',
          ],
          ["CallExpression[callee.object.name='crypto']", 'crypto.*()'],
          [
            'CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate|queueMicrotask|fetch)$/]',
            'timers and fetch',
          ],
          ["MemberExpression[object.name='process'][property.name='env']", 'process.env'],
        ].map(([selector, what]) => ({
          selector: `:function[generator=true] ${selector}`,
          message: `${what} in an orchestrator is not replay-safe: use context.df.currentUtcDateTime, context.df.newGuid(), context.df.createTimer() or an activity.`,
        })),
        {
          selector: ':function[generator=true][async=true]',
          message: 'Orchestrators must be plain generator functions (no async generators).',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...[
              'fs',
              'fs/promises',
              'net',
              'http',
              'https',
              'http2',
              'dgram',
              'dns',
              'dns/promises',
              'child_process',
            ]
              .flatMap((m) => [m, `node:${m}`])
              .map((name) => ({
                name,
                message: 'No direct I/O in orchestration files: do it in an activity through adapters/.',
              })),
            ...[
              '@azure/cosmos',
              '@azure/storage-blob',
              '@azure/communication-email',
              '@azure/identity',
              'axios',
              'undici',
            ].map((name) => ({
              name,
              message: 'No SDK clients in orchestration files: activities use adapters/.',
            })),
          ],
        },
      ],
    },
  },
);
