/**
 * A Vitest sequencer that starts the named files first. Vitest starts the longest files first
 * once its results cache knows their durations, but a clean clone (CI) has no cache and starts
 * the largest files: the end-to-end files are small (their scenarios live here), so they ran
 * last and the run's tail was one long file on one core.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** A sequencer class starting the files ending in one of `names` first, in that order. */
export function slowFilesFirst(names: readonly string[]): typeof BaseSequencer {
  const rank = (file: TestSpecification): number => {
    const found = names.findIndex((name) => file.moduleId.endsWith(`/${name}`));
    return found === -1 ? names.length : found;
  };
  return class SlowFilesFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
    }
  };
}
