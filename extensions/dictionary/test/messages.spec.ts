import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The module alone: the package index needs a DOM.
import { Gettext } from '@jupyterlab/translation/lib/gettext';
import { beforeAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error: a plain ES module of the build scripts, with no type declarations.
import * as messages from '../scripts/messages.mjs';
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { TranslationBundle } from '@jupyterlab/translation';
import { translateSchema } from '../src/schema_translation';

const ROOT = join(__dirname, '../../..');

/** The French bundle as JupyterLab's TranslationManager makes it from snds_lab.json. */
function frenchBundle(): Gettext {
  const data = JSON.parse(
    readFileSync(join(messages.catalogueDir('fr_FR'), 'snds_lab.json'), 'utf-8')
  );
  // Gettext reads the page's <html lang> for its default locale; no DOM under Node.
  vi.stubGlobal('document', {
    documentElement: { getAttribute: () => null }
  });
  const bundle = new Gettext({ domain: 'snds_lab', locale: 'fr-FR' });
  bundle.loadJSON(
    { ...data, '': { ...data[''], pluralForms: data[''].plural_forms } },
    'snds_lab'
  );
  vi.unstubAllGlobals();
  return bundle;
}

/** Every title and description of a schema and its properties. */
function texts(schema: ISettingRegistry.IProperty): string[] {
  return [
    schema.title,
    schema.description,
    ...Object.values(schema.properties ?? {}).flatMap(texts)
  ].filter((t): t is string => typeof t === 'string');
}

describe('snds_lab translation catalogue', () => {
  describe('fr_FR', () => {
    let result: any;
    beforeAll(async () => {
      result = await messages.checkLocale('fr_FR', messages.packageVersion());
    });

    it('should find the messages of every extension and settings schema', () => {
      const places = [...result.messages.values()].flatMap(
        (m: { where: string[] }) => m.where
      );
      for (const extension of ['dictionary', 'kernel', 'tutorials']) {
        expect(
          places.some((p: string) =>
            p.startsWith(`extensions/${extension}/src/`)
          )
        ).toBe(true);
        expect(places).toContain(
          `extensions/${extension}/schema/plugin.json:2`
        );
      }
      expect(result.messages.get('Snippet style').where).toEqual([
        'extensions/dictionary/schema/plugin.json:8'
      ]);
      expect(result.errors).toEqual([]);
    });

    it('should translate every message of the sources', () => {
      expect(result.missing.map((m: { msgid: string }) => m.msgid)).toEqual([]);
    });

    it('should hold no message that no source uses', () => {
      expect(result.obsolete.map((m: { msgid: string }) => m.msgid)).toEqual(
        []
      );
    });

    it('should ship the JSON generated from the .po file', () => {
      expect(result.jsonStale).toBe(false);
    });

    it('should be read by JupyterLab as the server sends it', () => {
      const bundle = frenchBundle();
      expect(bundle.__('SNDS dictionary')).toBe('Dictionnaire SNDS');
      expect(bundle._n('%1 table', '%1 tables', 1)).toBe('1 table');
      expect(bundle._n('%1 column', '%1 columns', 122)).toBe('122 variables');
      expect(bundle.__('Insert the join of %1 and %2', 'A', 'B')).toBe(
        'Insérer la jointure de A et B'
      );
    });

    it('should translate every text of the settings schemas in the browser', () => {
      const bundle = frenchBundle() as unknown as TranslationBundle;
      for (const extension of ['dictionary', 'kernel', 'tutorials']) {
        const schema = JSON.parse(
          readFileSync(
            join(ROOT, `extensions/${extension}/schema/plugin.json`),
            'utf-8'
          )
        ) as ISettingRegistry.ISchema;
        const english = texts(schema);
        const french = texts(translateSchema(schema, bundle));
        expect(french).toHaveLength(english.length);
        french.forEach((text, i) => expect(text).not.toBe(english[i]));
      }
    });

    it('should keep schema texts as written, percent signs included', () => {
      const schema = JSON.parse(
        readFileSync(
          join(ROOT, 'extensions/dictionary/schema/plugin.json'),
          'utf-8'
        )
      ) as ISettingRegistry.ISchema;
      const translated = translateSchema(schema, frenchBundle() as never);
      expect(translated.title).toBe('Dictionnaire SNDS');
      expect(translated.properties?.snippetStyle.description).toMatch(
        /ou une cellule `%%sql` \(magic\)\.$/
      );
      // English, as nullTranslator's bundle gives it.
      const english = translateSchema(schema, {
        gettext: (msgid: string) => Gettext.strfmt(msgid)
      } as TranslationBundle);
      expect(english).toEqual(schema);
    });
  });

  describe('#extractMessages', () => {
    it('should ask a schema with texts to wait for their translation', () => {
      const { messages: found, errors } = messages.extractMessages(
        [],
        ['extensions/dictionary/test/fixtures/schema_without_transform']
      );
      expect(found.size).toBe(2);
      expect(errors).toEqual([
        expect.stringMatching(
          /schema_without_transform\/plugin\.json: add "jupyter\.lab\.transform": true/
        )
      ]);
    });
  });

  describe('#parsePo', () => {
    it('should read plural forms, contexts and strings over several lines', () => {
      const po = messages.parsePo(
        [
          'msgid ""',
          'msgstr "Language: fr_FR\\n"',
          '',
          'msgctxt "menu"',
          'msgid "Open"',
          'msgstr "Ouvrir"',
          '',
          'msgid "%1 table"',
          'msgid_plural "%1 tables"',
          'msgstr[0] "%1 table"',
          'msgstr[1] "%1 "',
          '"tables"',
          ''
        ].join('\n')
      );
      expect(po.entries).toEqual([
        { context: 'menu', msgid: 'Open', msgstr: ['Ouvrir'] },
        {
          msgid: '%1 table',
          plural: '%1 tables',
          msgstr: ['%1 table', '%1 tables']
        }
      ]);
      expect(messages.messageKey(po.entries[0])).toBe('menu\u0004Open');
    });
  });
});
