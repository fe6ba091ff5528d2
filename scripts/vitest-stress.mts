/**
 * The stress suites' Vitest config of a package (`pnpm test:stress`, run by
 * CI after `pnpm test`): its own config, but only `*.stress.test.ts`, without
 * coverage. `exclude` is Vitest's default (`configDefaults.exclude`),
 * passed in so this file needs no package of its own.
 */
export function stressSuites<Config extends { test?: object }>(
  base: Config,
  exclude: readonly string[],
): Config {
  return {
    ...base,
    test: {
      ...base.test,
      include: ['test/**/*.stress.test.ts'],
      exclude: [...exclude],
      coverage: { enabled: false },
    },
  };
}
