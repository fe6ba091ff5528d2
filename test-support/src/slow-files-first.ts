/**
 * A Vitest sequencer that starts the named files first. Vitest starts the longest files first
 * once its results cache knows their durations, but a clean clone (CI) has no cache and starts
 * the largest files: the end-to-end files are small (their scenarios live here), so they ran
 * last and the run's tail was one long file on one core. The list wins over the cache too (its
 * files are the longest there as well); the rest keep Vitest's order.
 */
import type { BaseSequencer, TestSpecification } from 'vitest/node';

/**
 * `Base` (the config's own `BaseSequencer`, so no second copy of Vitest loads) starting the files
 * named in `names` (base names) first, in that order.
 */
export function slowFilesFirst(
  Base: typeof BaseSequencer,
  names: readonly string[],
): typeof BaseSequencer {
  const rank = (file: TestSpecification): number => {
    const found = names.indexOf(file.moduleId.slice(file.moduleId.lastIndexOf('/') + 1));
    return found === -1 ? names.length : found;
  };
  return class SlowFilesFirst extends Base {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
    }
  };
}
