/**
 * `testEnvironment: 'jest-temp/jsdom'`: jest-environment-jsdom (an optional
 * peer dependency, installed by the user) with the fixtures.
 */
import { TestEnvironment as JsdomEnvironment } from 'jest-environment-jsdom';
import { withTempFixtures } from './environment.js';

/** `jest-environment-jsdom` with the fixtures. */
export const TestEnvironment: typeof JsdomEnvironment = withTempFixtures(JsdomEnvironment);
export default TestEnvironment;
