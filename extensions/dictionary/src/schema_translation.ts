import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';

/**
 * Shows a plugin's settings in the user's language: the `title` and `description` of its schema
 * and of its properties go through `trans` as the registry fetches them. Neither JupyterLite nor
 * a JupyterLab server without a language pack for our domain translates them. The schema needs
 * `"jupyter.lab.transform": true`, so that the registry waits for this transform.
 */
export function translateSettings(
  registry: ISettingRegistry,
  pluginId: string,
  trans: TranslationBundle
): IDisposable {
  return registry.transform(pluginId, {
    fetch: plugin => ({
      ...plugin,
      schema: translateSchema(plugin.schema, trans)
    })
  });
}

/**
 * A copy of the schema with translated texts. The msgids are its English texts, which
 * scripts/extract_messages.mjs reads in `schema/*.json` by the same rules; `gettext` rather
 * than `__`, which the extractor keeps for literal msgids.
 */
export function translateSchema<T extends ISettingRegistry.IProperty>(
  schema: T,
  trans: TranslationBundle
): T {
  // Schema texts are literal: `%` doubled, as gettext wants it (`%%sql`).
  const translate = (text: string) => trans.gettext(text.replace(/%/g, '%%'));
  const copy = { ...schema };
  if (typeof schema.title === 'string') {
    copy.title = translate(schema.title);
  }
  if (typeof schema.description === 'string') {
    copy.description = translate(schema.description);
  }
  if (schema.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [
        name,
        translateSchema(property, trans)
      ])
    );
  }
  return copy;
}
