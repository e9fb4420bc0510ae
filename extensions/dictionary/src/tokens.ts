/** Command ids of the SNDS dictionary, grouped under one palette category. */
export namespace CommandIDs {
  export const open = 'snds-dictionary:open';
}

export const PLUGIN_ID = '@snds-lab/dictionary-extension:plugin';
