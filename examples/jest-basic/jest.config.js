/** @type {import('jest').Config} */
module.exports = {
  // Every test gets tmpDir / tmpFile / tmp / memfs (import them from 'jest-temp').
  testEnvironment: 'jest-temp',
  // Optional: the end-of-run summary of kept dirs (and closing the run).
  reporters: ['default', 'jest-temp/reporter'],
  testMatch: ['<rootDir>/test/**/*.test.js'],
};
