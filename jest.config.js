/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/tests/**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // marked ships ESM only; the client component tests (tests/client) import it through the app's Markdown.
  transformIgnorePatterns: ['/node_modules/(?!marked/)'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^@cohort/shared$': '<rootDir>/shared/src/index.ts',
  },
  testEnvironment: 'node',
  testTimeout: 60000,
  maxWorkers: 2,
};
