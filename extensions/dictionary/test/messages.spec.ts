import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The module alone: the package index needs a DOM.
import { Gettext } from '@jupyterlab/translation/lib/gettext';
import { beforeAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error: a plain ES module of the build scripts, with no type declarations.
import * as messages from '../scripts/messages.mjs';

describe('snds_lab translation catalogue', () => {
  describe('fr_FR', () => {
    let result: any;
    beforeAll(async () => {
      result = await messages.checkLocale('fr_FR', messages.packageVersion());
    });

    it('should find the messages of both extensions', () => {
      const places = [...result.messages.values()].flatMap(
        (m: { where: string[] }) => m.where
      );
      expect(
        places.some((p: string) => p.startsWith('extensions/dictionary/'))
      ).toBe(true);
      expect(
        places.some((p: string) => p.startsWith('extensions/kernel/'))
      ).toBe(true);
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
      const data = JSON.parse(
        readFileSync(
          join(messages.catalogueDir('fr_FR'), 'snds_lab.json'),
          'utf-8'
        )
      );
      // Gettext reads the page's <html lang> for its default locale; no DOM under Node.
      vi.stubGlobal('document', {
        documentElement: { getAttribute: () => null }
      });
      // What TranslationManager.load does with a domain of the server's language data.
      const bundle = new Gettext({ domain: 'snds_lab', locale: 'fr-FR' });
      bundle.loadJSON(
        { ...data, '': { ...data[''], pluralForms: data[''].plural_forms } },
        'snds_lab'
      );
      expect(bundle.__('SNDS dictionary')).toBe('Dictionnaire SNDS');
      expect(bundle._n('%1 table', '%1 tables', 1)).toBe('1 table');
      expect(bundle._n('%1 column', '%1 columns', 122)).toBe('122 variables');
      expect(bundle.__('Insert the join of %1 and %2', 'A', 'B')).toBe(
        'Insérer la jointure de A et B'
      );
      vi.unstubAllGlobals();
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
