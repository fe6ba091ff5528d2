// Only run-example.js uses this config: the failing demo test lives in demo/,
// which the main config's testMatch leaves out.
module.exports = {
  testEnvironment: 'jest-temp',
  reporters: ['default', 'jest-temp/reporter'],
  testMatch: ['<rootDir>/demo/*.demo.js'],
};
