export const PLUGIN_ID = '@snds-lab/tutorials-extension:plugin';

/** Where the build puts the shipped tutorials, under this extension's static folder. */
export const SHIPPED_FOLDER = '@snds-lab/tutorials-extension/static/tutorials';
export const MANIFEST_NAME = 'snds-tutorials.json';

/** The folder that receives new studies; created on first use. */
export const STUDIES_FOLDER = 'etudes';

/** Notebook metadata key stamped by the build and by forks. */
export const METADATA_KEY = 'snds_lab';

/** Command ids, in the palette under the SNDS category. */
export namespace CommandIDs {
  export const newStudy = 'snds:new-study-from';
  export const resetTutorial = 'snds:reset-tutorial';
  export const openLanding = 'snds:open-learning-path';
}

/** One shipped notebook, as listed by the build's manifest. */
export interface ITutorialEntry {
  /** Path in the contents root, e.g. `05-cohorte-diabete.ipynb`. */
  path: string;
  /** The notebook's first heading. */
  title: string;
  /** Content hash of the cells (see content_hash.ts). */
  hash: string;
  kind: 'tutorial' | 'template' | 'landing';
}

export interface ITutorialManifest {
  /** The notebook the lite site opens on. */
  landing: string;
  tutorials: ITutorialEntry[];
}

/** `metadata.snds_lab` of a shipped tutorial (`tutorial`) or of a study (`forked_from`). */
export interface ITutorialStamp {
  tutorial?: string;
  forked_from?: string;
  version?: string;
}
