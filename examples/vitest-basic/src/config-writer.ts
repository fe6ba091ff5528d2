/**
 * The code under test: writes an app's config into a project dir, merging
 * with what is there, and never touching a file it does not own.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** What the app stores. */
export interface AppConfig {
  name: string;
  port: number;
  features?: string[];
}

/** The config file, relative to the project dir. */
export const CONFIG_FILE = '.myapp/config.json';

/** Reads the project's config, or `undefined` when there is none. */
export async function readConfig(projectDir: string): Promise<AppConfig | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(projectDir, CONFIG_FILE), 'utf8')) as AppConfig;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `update` over the existing config (features are merged, not
 * replaced) and a `.env` with the port; returns the config written.
 */
export async function writeConfig(
  projectDir: string,
  update: Partial<AppConfig> & Pick<AppConfig, 'name'>,
): Promise<AppConfig> {
  const current = await readConfig(projectDir);
  const features = [...new Set([...(current?.features ?? []), ...(update.features ?? [])])].sort();
  const config: AppConfig = {
    name: update.name,
    port: update.port ?? current?.port ?? 3000,
    ...(features.length > 0 ? { features } : {}),
  };
  await fs.mkdir(path.join(projectDir, '.myapp'), { recursive: true });
  await fs.writeFile(path.join(projectDir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  await fs.writeFile(path.join(projectDir, '.env'), `PORT=${config.port}\n`);
  return config;
}
