import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';
import { STUDIES_FOLDER } from './tokens';

async function exists(contents: Contents.IManager, path: string) {
  try {
    await contents.get(path, { content: false });
    return true;
  } catch {
    return false;
  }
}

/** Creates the studies folder when it is missing. */
export async function ensureStudiesFolder(
  contents: Contents.IManager
): Promise<void> {
  if (await exists(contents, STUDIES_FOLDER)) {
    return;
  }
  const folder = await contents.newUntitled({ path: '', type: 'directory' });
  await contents.rename(folder.path, STUDIES_FOLDER);
}

/**
 * The first free `etudes/<stem>-N.ipynb`, N = 1, 2, …: a new study never
 * replaces a file.
 */
export async function uniqueStudyPath(
  contents: Contents.IManager,
  sourcePath: string
): Promise<string> {
  const stem = PathExt.basename(sourcePath, PathExt.extname(sourcePath));
  for (let n = 1; ; n++) {
    const candidate = `${STUDIES_FOLDER}/${stem}-${n}.ipynb`;
    if (!(await exists(contents, candidate))) {
      return candidate;
    }
  }
}
