import { PathExt } from '@jupyterlab/coreutils';
import type { INotebookContent } from '@jupyterlab/nbformat';
import type { Contents } from '@jupyterlab/services';
import { contentHash } from './content_hash';
import { METADATA_KEY, type ITutorialStamp } from './tokens';

/**
 * True in the lite site: its BrowserStorage drive layers the learner's saved
 * copies over the files the build shipped, and deleting a saved copy brings
 * the shipped file back. A server has one layer only.
 */
export function hasShippedLayer(contents: Contents.IManager): boolean {
  return (contents as any).defaultDrive?.name === 'BrowserStorage';
}

export function stampOf(
  content: INotebookContent | null | undefined
): ITutorialStamp {
  return ((content?.metadata as any)?.[METADATA_KEY] ?? {}) as ITutorialStamp;
}

/** True when the cells differ from those of the version the notebook was stamped with. */
export function isEdited(content: INotebookContent): boolean {
  const stamp = stampOf(content);
  return !stamp.version || contentHash(content.cells) !== stamp.version;
}

/** A study's content: the cells of `content`, stamped with where it came from. */
export function asStudy(
  content: INotebookContent,
  sourcePath: string
): INotebookContent {
  const copy = JSON.parse(JSON.stringify(content)) as INotebookContent;
  const stamp = stampOf(copy);
  copy.metadata = {
    ...copy.metadata,
    [METADATA_KEY]: {
      forked_from: PathExt.basename(sourcePath),
      ...(stamp.version ? { version: stamp.version } : {})
    }
  };
  return copy;
}

/**
 * Puts the shipped original back at `path`: in the lite site by forgetting
 * the saved copy, on a server by writing the original over it.
 */
export async function restoreShipped(
  contents: Contents.IManager,
  path: string,
  shipped: INotebookContent
): Promise<void> {
  if (hasShippedLayer(contents)) {
    await contents.delete(path);
  } else {
    await contents.save(path, {
      type: 'notebook',
      format: 'json',
      content: shipped
    });
  }
}
