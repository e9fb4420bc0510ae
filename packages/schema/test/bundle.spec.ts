import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  BUNDLE_VERSION,
  decodeDictionary,
  decodeNomenclature,
  encodeDictionary,
  encodeNomenclature,
  FetchNomenclatureLoader
} from '../src/bundle.js';
import {
  FileNomenclatureLoader,
  readBundle,
  writeBundle
} from '../src/bundle_files.js';
import { buildBundle } from '../src/build_bundle.js';
import { BundleFormatError } from '../src/errors.js';
import type { IImportResult } from '../src/importer.js';
import { sharedSchema } from './shared_schema.js';

describe('bundle', () => {
  let imported: IImportResult;
  beforeAll(async () => {
    imported = await sharedSchema();
  });

  describe('#encodeDictionary', () => {
    it('should decode back to the very same dictionary', () => {
      const json = JSON.parse(JSON.stringify(encodeDictionary(imported.data)));
      expect(decodeDictionary(json)).toEqual(imported.data);
    });

    it('should stay under 400 KB gzipped', () => {
      const text = JSON.stringify(encodeDictionary(imported.data));
      expect(gzipSync(text).length).toBeLessThanOrEqual(400 * 1024);
      // And it is compact: much smaller than the same data as plain objects.
      expect(text.length).toBeLessThan(
        JSON.stringify(imported.data).length * 0.6
      );
    });

    it('should refuse a bundle of another version, saying how to rebuild it', () => {
      const bundle = {
        ...encodeDictionary(imported.data),
        version: BUNDLE_VERSION + 1
      };
      expect(() => decodeDictionary(bundle)).toThrow(BundleFormatError);
      expect(() => decodeDictionary(bundle)).toThrow(
        /npm run build -w @snds-lab\/schema/
      );
      expect(() => decodeDictionary({ format: 'other' })).toThrow(
        /expected "snds-dictionary"/
      );
    });
  });

  describe('#encodeNomenclature', () => {
    it('should round-trip values', () => {
      for (const name of ['IR_SEX_V', 'IR_ORG_V', 'MS_CIM_V', 'IR_GHS_V']) {
        const values = imported.values.get(name);
        expect(values).toBeDefined();
        expect(
          decodeNomenclature(
            JSON.parse(JSON.stringify(encodeNomenclature(values!)))
          )
        ).toEqual(values);
      }
    });

    it('should store constant, repeated and distinct columns each in their own form', () => {
      const values = {
        name: 'T',
        columns: ['CODE', 'LABEL', 'KIND', 'TEC_COL'],
        code: 0,
        labels: [1],
        rows: Array.from({ length: 200 }, (_, i) => [
          `C${i}`,
          `Libellé ${i}`,
          ['aa', 'bb', 'cc'][i % 3],
          '0'
        ])
      };
      const bundle = encodeNomenclature(values);
      expect(bundle.length).toBe(200);
      expect(bundle.values[0]).toEqual(values.rows.map(r => r[0]));
      expect(bundle.values[2]).toMatchObject({
        values: ['aa', 'bb', 'cc'],
        width: 1
      });
      expect(bundle.values[3]).toBe('0');
      expect(decodeNomenclature(bundle)).toEqual(values);
    });

    it('should use wider indexes past 91 distinct values', () => {
      const rows = Array.from({ length: 2000 }, (_, i) => [
        String(i % 500).padStart(8, 'x')
      ]);
      const values = { name: 'W', columns: ['C'], code: 0, labels: [], rows };
      const bundle = encodeNomenclature(values);
      expect(bundle.values[0]).toMatchObject({ width: 2 });
      expect(decodeNomenclature(bundle)).toEqual(values);
    });

    it('should refuse a version 1 file and a truncated column', () => {
      expect(() =>
        decodeNomenclature({ format: 'snds-nomenclature', version: 1 })
      ).toThrow(/reads version 2; rebuild it/);
      const bundle = encodeNomenclature({
        name: 'T',
        columns: ['A'],
        code: 0,
        labels: [],
        rows: [['a'], ['b']]
      });
      expect(() => decodeNomenclature({ ...bundle, length: 3 })).toThrow(
        /nomenclature bundle T, column A is malformed/
      );
    });
  });

  describe('#writeBundle', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'snds-bundle-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('should write the dictionary and one file per nomenclature, and read them back', async () => {
      const sizes = await writeBundle(
        dir,
        imported.data,
        imported.values,
        'abc'
      );
      expect(sizes.nomenclatureFiles).toBe(175);
      expect(sizes.dictionaryGzipBytes).toBeLessThanOrEqual(400 * 1024);
      // Stored gzipped and columnar: 26.9 MB as row arrays of JSON before.
      expect(sizes.nomenclatureGzipBytes).toBeLessThan(4 * 1024 * 1024);
      expect(await readBundle(dir)).toEqual(imported.data);
      const cim = await new FileNomenclatureLoader(dir).load('MS_CIM_V');
      expect(
        cim.rows.find(row => row[cim.code] === 'E11')?.[cim.labels[0]]
      ).toMatch(/^Diabète sucré/);
      // IR_PHA_R has a schema and no values: its file is there, empty.
      expect(
        (await new FileNomenclatureLoader(dir).load('IR_PHA_R')).rows
      ).toEqual([]);
    });

    it('should remove the files of nomenclatures that are gone', async () => {
      writeFileSync(join(dir, 'nomenclatures', 'OLD_NOM.json.gz'), '{}');
      await writeBundle(dir, imported.data, imported.values);
      await expect(
        new FileNomenclatureLoader(dir).load('OLD_NOM')
      ).rejects.toThrow(/missing: rebuild the bundle/);
    });
  });

  describe('#FetchNomenclatureLoader', () => {
    it('should fetch nomenclature files relative to the bundle URL, once each', async () => {
      const urls: string[] = [];
      const values = imported.values.get('IR_SEX_V')!;
      const loader = new FetchNomenclatureLoader(
        'https://lab.example/bundle',
        async url => {
          urls.push(url);
          const bytes = gzipSync(JSON.stringify(encodeNomenclature(values)));
          return {
            ok: true,
            status: 200,
            arrayBuffer: async () =>
              bytes.buffer.slice(
                bytes.byteOffset,
                bytes.byteOffset + bytes.byteLength
              )
          };
        }
      );
      expect(await loader.load('IR_SEX_V')).toEqual(values);
      await loader.load('IR_SEX_V');
      expect(urls).toEqual([
        'https://lab.example/bundle/nomenclatures/IR_SEX_V.json.gz'
      ]);
    });

    it('should also read a file the server has already inflated', async () => {
      const values = imported.values.get('IR_SEX_V')!;
      const loader = new FetchNomenclatureLoader('/b', async () => {
        const bytes = new TextEncoder().encode(
          JSON.stringify(encodeNomenclature(values))
        );
        return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer };
      });
      expect(await loader.load('IR_SEX_V')).toEqual(values);
    });

    it('should name the nomenclature and the URL when the file is missing', async () => {
      const loader = new FetchNomenclatureLoader('/bundle/', async () => ({
        ok: false,
        status: 404,
        json: async () => ({})
      }));
      await expect(loader.load('IR_XXX_V')).rejects.toThrow(
        /Nomenclature IR_XXX_V could not be loaded from .*IR_XXX_V\.json\.gz \(HTTP 404\)/
      );
    });
  });

  describe('#buildBundle', () => {
    let schemaDir: string;
    let bundleDir: string;
    beforeAll(() => {
      schemaDir = mkdtempSync(join(tmpdir(), 'snds-build-src-'));
      bundleDir = mkdtempSync(join(tmpdir(), 'snds-build-out-'));
      // A small copy of the real layout: two products and the nomenclatures.
      cpSync(
        join(imported.directory, 'schemas', 'DCIR'),
        join(schemaDir, 'schemas', 'DCIR'),
        { recursive: true }
      );
      cpSync(
        join(imported.directory, 'schemas', 'DCIR_DCIRS'),
        join(schemaDir, 'schemas', 'DCIR_DCIRS'),
        { recursive: true }
      );
      cpSync(
        join(imported.directory, 'schemas', 'BENEFICIAIRE'),
        join(schemaDir, 'schemas', 'BENEFICIAIRE'),
        { recursive: true }
      );
      cpSync(
        join(imported.directory, 'nomenclatures'),
        join(schemaDir, 'nomenclatures'),
        { recursive: true }
      );
    });
    afterAll(() => {
      rmSync(schemaDir, { recursive: true, force: true });
      rmSync(bundleDir, { recursive: true, force: true });
    });

    it('should build, then skip while the inputs are unchanged, then rebuild when one changes', async () => {
      const first = await buildBundle({ schemaDir, bundleDir });
      expect(first.skipped).toBe(false);
      expect((await readBundle(bundleDir)).tables).toHaveLength(26);
      const second = await buildBundle({ schemaDir, bundleDir });
      expect(second.skipped).toBe(true);
      expect(second.fingerprint).toBe(first.fingerprint);

      const file = join(schemaDir, 'schemas', 'DCIR', 'ER_PHA_F.json');
      const schema = JSON.parse(readFileSync(file, 'utf8'));
      schema.title = 'Pharmacie (modifiée)';
      writeFileSync(file, JSON.stringify(schema));
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      const third = await buildBundle({ schemaDir, bundleDir });
      expect(third.skipped).toBe(false);
      expect(
        (await readBundle(bundleDir)).tables.find(t => t.name === 'ER_PHA_F')
          ?.title
      ).toBe('Pharmacie (modifiée)');
    });
  });
});
