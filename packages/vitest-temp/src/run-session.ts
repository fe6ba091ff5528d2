/**
 * Main-process side: a run begins as Vitest starts (bad options or `KEEP_TMP` stop it first), goes
 * to every worker, and ends with the kept-dirs summary after each test run (watch: one per rerun).
 */
import { RunSession } from 'temp-fixtures/engine';
import type { Reporter, TestProject, Vitest } from 'vitest/node';
import { PROVIDE_KEY, type ProvidedSettings, type VitestTempOptions } from './options.js';

/** The runs of one Vitest instance, shared by every project using the plugin. */
export class VitestRuns {
  private session: RunSession | undefined;
  private readonly projects = new Set<TestProject>();

  /**
   * Validates the options and `KEEP_TMP` (throws) and begins the first run.
   * @param setupFile put first in every project's `setupFiles` (leaks watched from file start)
   */
  constructor(
    private readonly vitest: Vitest,
    private readonly options: VitestTempOptions,
    private readonly setupFile?: string,
  ) {
    this.session = this.begin();
  }

  /** Makes `project`'s workers join the current run. */
  addProject(project: TestProject): void {
    this.projects.add(project);
    if (this.session !== undefined) this.provide(project, this.session);
  }

  /**
   * Opens reruns and closes every run. Each start joins every project of the instance to the run,
   * even one without the plugin (defined in its own file without naming it).
   */
  reporter(): Reporter {
    return {
      onTestRunStart: () => {
        this.session ??= this.begin();
        for (const project of this.vitest.projects) this.projects.add(project);
        for (const project of this.projects) this.provide(project, this.session);
      },
      onTestRunEnd: async () => {
        await this.end();
      },
    };
  }

  private begin(): RunSession {
    // Id via `inject()`, not the env, so processes the tests spawn don't join this run by accident.
    return RunSession.begin({ ...this.options, setEnv: false }, 'tempFixturesPlugin(options)');
  }

  private provide(project: TestProject, session: RunSession): void {
    const { setupFiles } = project.config;
    if (this.setupFile !== undefined && !setupFiles.includes(this.setupFile)) {
      setupFiles.unshift(this.setupFile);
    }
    const settings: ProvidedSettings = { ...session.options, run: session.id };
    // `provide` is typed against `ProvidedContext`, which we do not augment.
    (project.provide as unknown as (key: string, value: unknown) => void)(PROVIDE_KEY, settings);
  }

  private async end(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    const text = await session.close();
    if (text !== '') this.vitest.logger.error(`\n${text}`);
  }
}
