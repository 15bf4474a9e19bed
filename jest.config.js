/**
 * Two projects: `unit` runs pure tests with no I/O; `integration` (files named *.int.test.ts)
 * runs against the stand-ins and the local host, started once in globalSetup and reused.
 */
// Transpile only: `npm test` type-checks the tests once with tsc before jest runs them.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];

/** @type {import('jest').Config} */
module.exports = {
  // A global option (ignored per project). Generous because CI machines have 2 cores shared with
  // the stand-ins and several host processes: slow is not wrong, hung is.
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/node_modules/', '/dist/'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/**/*.int.test.ts'],
      // Trusts the stack's local TLS certificate (Azurite is HTTPS) in the test process.
      setupFiles: ['<rootDir>/test/support/trustLocalCa.ts'],
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
      globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
    },
  ],
};
