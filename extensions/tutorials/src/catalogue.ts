import { PageConfig, PathExt, URLExt } from '@jupyterlab/coreutils';
import type { INotebookContent } from '@jupyterlab/nbformat';
import {
  MANIFEST_NAME,
  SHIPPED_FOLDER,
  type ITutorialEntry,
  type ITutorialManifest
} from './tokens';

/** The URL of this extension's shipped tutorials, in JupyterLab and in the lite site. */
export function shippedUrl(name: string): string {
  const base = new URL(PageConfig.getBaseUrl(), window.location.href);
  const extensions = new URL(
    PageConfig.getOption('fullLabextensionsUrl') || 'lab/extensions',
    base
  );
  return URLExt.join(extensions.href, SHIPPED_FOLDER, name);
}

async function fetchJson<T>(url: string, what: string): Promise<T> {
  // no-store: after a rebuild, never a cached copy. Revalidation is not
  // enough: a static server may answer 304 when two builds share a second.
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`${what} is missing (${response.status} at ${url})`);
  }
  return (await response.json()) as T;
}

/** The tutorials the site ships, read once from the build's manifest. */
export class TutorialCatalogue {
  /** Reads the manifest again (after a rebuild, the site may have changed). */
  async refresh(): Promise<ITutorialManifest> {
    this._manifest = fetchJson<ITutorialManifest>(
      shippedUrl(MANIFEST_NAME),
      'The tutorial list'
    );
    this._manifest.catch(() => {
      this._manifest = null;
    });
    return this._manifest;
  }

  manifest(): Promise<ITutorialManifest> {
    return this._manifest ?? this.refresh();
  }

  /** The entry shipped at `path` (a contents path), if any. */
  async find(path: string): Promise<ITutorialEntry | undefined> {
    const { tutorials } = await this.manifest();
    return tutorials.find(t => t.path === path);
  }

  /** The shipped original of a tutorial, as the build stamped it. */
  shipped(entry: ITutorialEntry): Promise<INotebookContent> {
    return fetchJson<INotebookContent>(
      shippedUrl(entry.path),
      `The shipped tutorial ${PathExt.basename(entry.path)}`
    );
  }

  private _manifest: Promise<ITutorialManifest> | null = null;
}
