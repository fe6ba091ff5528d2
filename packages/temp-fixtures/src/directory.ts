/**
 * Python's `TemporaryDirectory`: a `0o700` directory from `mkdtemp` whose
 * whole tree goes on `cleanup()`, on dispose, or at process exit if leaked.
 */
import { fs } from './builtins.js';
import { removeTree, removeTreeSync } from './cleanup.js';
import { argTypeError, explainFsError, illegalConstructorError } from './errors.js';
import { type Finalizer, registerFinalizer } from './finalizer.js';
import { mkdtemp, mkdtempSync, type PathFor, resolveNames } from './lowlevel.js';
import { displayPath, type NameOptions, type PathLike } from './names.js';

const FN = 'TemporaryDirectory';

/** Options of `TemporaryDirectory.create` / `createSync`. */
export interface TemporaryDirectoryOptions extends NameOptions {
  /** Swallow what cleanup still cannot remove after repairing permissions. Default `false`. */
  ignoreCleanupErrors?: boolean;
  /** Remove the tree on dispose and at process exit. Default `true`; `cleanup()` removes it regardless. */
  delete?: boolean;
}

interface Settings {
  ignoreCleanupErrors: boolean;
  delete: boolean;
}

function readFlag(options: TemporaryDirectoryOptions, key: keyof Settings): boolean {
  const value = options[key];
  if (value === undefined) return key === 'delete';
  if (typeof value !== 'boolean') {
    throw argTypeError(
      `${FN}: the "${key}" option must be a boolean (got ${typeof value}: ${String(value)})`,
    );
  }
  return value;
}

/** Checks every option before anything touches the disk. */
function prepare(options: TemporaryDirectoryOptions | undefined) {
  const names = resolveNames(options, FN);
  const opts = options ?? {};
  const settings: Settings = {
    ignoreCleanupErrors: readFlag(opts, 'ignoreCleanupErrors'),
    delete: readFlag(opts, 'delete'),
  };
  return { names, settings };
}

function explain(error: unknown, names: { dir: PathLike }): unknown {
  return explainFsError(error, FN, displayPath(names.dir));
}

/** Guards the constructor: instances come from `create` / `createSync` only. */
const CREATE = Symbol('TemporaryDirectory.create');

/**
 * A temporary directory that owns its tree. `name` is its absolute path (a
 * `Buffer` when a naming option was one). `cleanup()` removes the tree
 * without following links and repairing missing permissions; twice is
 * harmless. `using` / `await using` clean up unless `delete: false`; a leaked
 * instance is removed at process exit unless `delete: false`.
 */
export class TemporaryDirectory<P extends PathLike = string>
  implements Disposable, AsyncDisposable
{
  /** The absolute path of the directory. */
  readonly name: P;
  readonly #settings: Settings;
  #finalizer: Finalizer | undefined;
  #removal: Promise<void> | undefined;
  #removed = false;

  /** Use `TemporaryDirectory.create()` or `createSync()`. */
  private constructor(token: symbol, name: P, settings: Settings) {
    if (token !== CREATE) {
      throw illegalConstructorError(
        `${FN}: illegal constructor; use TemporaryDirectory.create() or createSync(), not new`,
      );
    }
    this.name = name;
    this.#settings = settings;
    if (settings.delete) {
      const ignoreErrors = settings.ignoreCleanupErrors;
      // The hook holds the name, not the instance, so it does not keep it alive.
      this.#finalizer = registerFinalizer(() => removeTreeSync(name, { ignoreErrors }));
    }
  }

  /** Creates the directory (mode `0o700`) in `dir`, default `gettempdir()`. */
  static createSync<O extends TemporaryDirectoryOptions = {}>(
    options?: O,
  ): TemporaryDirectory<PathFor<O>> {
    const { names, settings } = prepare(options);
    let name: PathLike;
    try {
      name = mkdtempSync(names);
    } catch (error) {
      throw explain(error, names);
    }
    return new TemporaryDirectory(CREATE, name as PathFor<O>, settings);
  }

  /** The Promise form of `createSync`. */
  static async create<O extends TemporaryDirectoryOptions = {}>(
    options?: O,
  ): Promise<TemporaryDirectory<PathFor<O>>> {
    const { names, settings } = prepare(options);
    let name: PathLike;
    try {
      name = await mkdtemp(names);
    } catch (error) {
      throw explain(error, names);
    }
    return new TemporaryDirectory(CREATE, name as PathFor<O>, settings);
  }

  /** Stops the exit hook: from now on removal is this call's job. */
  #detach(): void {
    this.#finalizer?.unregister();
    this.#finalizer = undefined;
  }

  /**
   * Removes the directory and everything in it (see `removeTreeSync`). What
   * cannot be removed throws an `Error` with the OS `code`, unless
   * `ignoreCleanupErrors`; either way a later call tries again.
   */
  cleanupSync(): void {
    if (this.#removed) return;
    this.#detach();
    const { ignoreCleanupErrors } = this.#settings;
    removeTreeSync(this.name, { ignoreErrors: ignoreCleanupErrors });
    // What ignoreCleanupErrors left behind is tried again by a later call, as
    // CPython does while the path exists; otherwise once done is done, so a
    // new directory that reuses the name is never touched.
    this.#removed = !ignoreCleanupErrors || !fs.existsSync(this.name);
  }

  /** The Promise form of `cleanupSync`; concurrent calls share one removal. */
  cleanup(): Promise<void> {
    if (this.#removed) return Promise.resolve();
    this.#removal ??= this.#cleanupOnce().finally(() => {
      this.#removal = undefined;
    });
    return this.#removal;
  }

  async #cleanupOnce(): Promise<void> {
    this.#detach();
    const { ignoreCleanupErrors } = this.#settings;
    await removeTree(this.name, { ignoreErrors: ignoreCleanupErrors });
    this.#removed = !ignoreCleanupErrors || !(await pathExists(this.name));
  }

  /** `using`: cleans up unless created with `delete: false`. */
  [Symbol.dispose](): void {
    if (this.#settings.delete) this.cleanupSync();
  }

  /** `await using`: cleans up unless created with `delete: false`. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#settings.delete) await this.cleanup();
  }
}

async function pathExists(name: PathLike): Promise<boolean> {
  try {
    await fs.promises.lstat(name);
    return true;
  } catch {
    return false;
  }
}
