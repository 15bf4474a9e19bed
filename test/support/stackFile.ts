/**
 * How the integration stack, started once by globalSetup, is found by test files: globalSetup
 * writes its StackInfo to a JSON file and names it in this environment variable (test files,
 * in band or in workers, see the variables globalSetup sets).
 */
export const STACK_FILE_ENV = 'MARKETPLACE_TEST_STACK_FILE';
