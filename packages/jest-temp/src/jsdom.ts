/** `testEnvironment: 'jest-temp/jsdom'`; jest-environment-jsdom is an optional peer dependency. */
import { TestEnvironment as JsdomEnvironment } from 'jest-environment-jsdom';
import { withTempFixtures } from './environment.js';

/** `jest-environment-jsdom` with the fixtures. */
export const TestEnvironment: typeof JsdomEnvironment = withTempFixtures(JsdomEnvironment);
export default TestEnvironment;
