import { PageConfig, URLExt } from '@jupyterlab/coreutils';

const PACKAGE = '@snds-lab/dictionary-extension';

/**
 * Where the build copied the dictionary bundle: this labextension's static folder. The same
 * page option holds it in JupyterLab (`/lab/extensions`) and in JupyterLite (`./extensions`).
 */
export function dictionaryBundleUrl(): string {
  return URLExt.join(staticUrl(), 'snds-dictionary') + '/';
}

/** The index of every nomenclature value, built by scripts/build_value_index.mjs. */
export function valueIndexUrl(): string {
  return URLExt.join(staticUrl(), 'snds-values', 'value-index.bin.gz');
}

function staticUrl(): string {
  const base = PageConfig.getOption('fullLabextensionsUrl');
  const absolute = new URL(base || 'extensions', document.baseURI).href;
  return URLExt.join(absolute, PACKAGE, 'static');
}
