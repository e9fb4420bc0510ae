import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeBundle } from '../src/bundle_files.js';
import { runCli } from '../src/cli.js';
import { sharedSchema } from './shared_schema.js';

interface IRun {
  code: number;
  stdout: string;
  stderr: string;
}

describe('snds-dictionary', () => {
  let bundleDir: string;

  async function run(...args: string[]): Promise<IRun> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      [...args, '--bundle', bundleDir],
      text => out.push(text),
      text => err.push(text)
    );
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  beforeAll(async () => {
    const { data, values } = await sharedSchema();
    bundleDir = mkdtempSync(join(tmpdir(), 'snds-cli-'));
    await writeBundle(bundleDir, data, values);
  });

  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  describe('#search', () => {
    it('should print results as a table with kind, name, location and label', async () => {
      const { code, stdout } = await run(
        'search',
        'PRS_NAT_REF',
        '--limit',
        '3'
      );
      expect(code).toBe(0);
      const lines = stdout.split('\n');
      expect(lines[0]).toMatch(/^KIND\s+NAME\s+WHERE\s+LABEL$/);
      expect(lines[1]).toMatch(
        /^column\s+PRS_NAT_REF\s+DCIR › ER_PRS_F\s+Code de la Prestations de référence$/
      );
      expect(lines).toHaveLength(4);
    });

    it('should answer --json with the documented shape', async () => {
      const { code, stdout } = await run(
        'search',
        'date',
        'de',
        'décès',
        '--json',
        '--limit',
        '2'
      );
      expect(code).toBe(0);
      const json = JSON.parse(stdout);
      expect(Object.keys(json)).toEqual(['query', 'results']);
      expect(json.query).toBe('date de décès');
      expect(json.results).toHaveLength(2);
      for (const result of json.results) {
        expect(Object.keys(result).sort()).toEqual([
          'kind',
          'label',
          'match',
          'name',
          'product',
          'score',
          'table'
        ]);
      }
    });

    it('should search nomenclature values for a code', async () => {
      const { stdout } = await run('search', 'E11', '--json', '--limit', '1');
      expect(JSON.parse(stdout).results[0]).toMatchObject({
        kind: 'value',
        name: 'E11',
        nomenclature: 'IR_CIM_V',
        match: 'exact'
      });
    });

    it('should search the values of a named nomenclature by words', async () => {
      const { stdout } = await run(
        'search',
        'diabète',
        'type',
        '2',
        '--nomenclature',
        'MS_CIM_V',
        '--kind',
        'value',
        '--json'
      );
      const results = JSON.parse(stdout).results;
      expect(results.length).toBeGreaterThan(0);
      expect(
        results.every(
          (r: { nomenclature: string }) => r.nomenclature === 'MS_CIM_V'
        )
      ).toBe(true);
    });

    it.each(['-3', '0', 'ten'])(
      'should refuse --limit %s as a usage error with the allowed range',
      async limit => {
        const { code, stderr } = await run('search', 'date', '--limit', limit);
        expect(code).toBe(2);
        expect(stderr).toContain(
          `--limit takes a whole number from 1 up, not "${limit}"`
        );
      }
    );

    it('should refuse an unknown kind as a usage error', async () => {
      const { code, stderr } = await run('search', 'date', '--kind', 'tables');
      expect(code).toBe(2);
      expect(stderr).toMatch(
        /unknown kind tables; use product, table, nomenclature, column, value/
      );
    });
  });

  describe('#table', () => {
    it('should describe a table with its columns, types and links', async () => {
      const { code, stdout } = await run('table', 'ER_PHA_F');
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /^ER_PHA_F — Table des données de codage de pharmacie/
      );
      expect(stdout).toMatch(/PHA_PRS_C13\s+integer\s+BIGINT\s+IR_PHA_R/);
      expect(stdout).toMatch(/→ ER_PRS_F\s+record\s+DCT_ORD_NUM, FLX_DIS_DTD/);
    });

    it('should answer --json with the documented shape, per-year name included', async () => {
      const { stdout } = await run('table', 'T_MCO19C', '--json');
      const json = JSON.parse(stdout);
      expect(json).toMatchObject({
        name: 'T_MCOaaC',
        product: 'PMSI MCO',
        yearPattern: 'aa',
        sqlName: 'T_MCO19C'
      });
      expect(json.primaryKey).toEqual(['ETA_NUM', 'RSA_NUM']);
      expect(
        json.columns.find((c: { name: string }) => c.name === 'NIR_ANO_17')
      ).toEqual({
        name: 'NIR_ANO_17',
        type: 'string',
        sqlType: 'VARCHAR',
        description: 'N° anonyme',
        length: '17'
      });
      expect(json.links).toContainEqual({
        table: 'IR_BEN_R',
        direction: 'out',
        columns: ['NIR_ANO_17'],
        otherColumns: ['BEN_NIR_PSA'],
        kind: 'patient'
      });
    });

    it('should suggest the name of an unknown table', async () => {
      const { code, stderr } = await run('table', 'ER_PRS_X');
      expect(code).toBe(1);
      expect(stderr).toBe(
        'snds-dictionary: Unknown table ER_PRS_X: did you mean ER_PRS_F, ER_TRS_F, EB_PRS_F?'
      );
    });

    it('should put the error and the suggestions in the JSON with --json', async () => {
      const { code, stdout } = await run('table', 'ER_PRS_X', '--json');
      expect(code).toBe(1);
      expect(JSON.parse(stdout).error).toMatchObject({
        type: 'UnknownNameError',
        kind: 'table',
        name: 'ER_PRS_X',
        suggestions: ['ER_PRS_F', 'ER_TRS_F', 'EB_PRS_F']
      });
    });
  });

  describe('#path', () => {
    it('should print the path with its keys', async () => {
      const { code, stdout } = await run('path', 'ER_PHA_F', 'T_MCOaaC');
      expect(code).toBe(0);
      expect(stdout.split('\n')[0]).toBe(
        'ER_PHA_F → ER_PRS_F → IR_BEN_R → T_MCOaaC  (3 joins)'
      );
      expect(stdout).toContain(
        'IR_BEN_R → T_MCOaaC [patient] on IR_BEN_R.BEN_NIR_PSA = T_MCOaaC.NIR_ANO_17'
      );
    });

    it('should print the SQL for a year with the filters asked for', async () => {
      const { stdout } = await run(
        'path',
        'ER_PHA_F',
        'T_MCOaaC',
        '--sql',
        '--year',
        '2019',
        '--exclude-info',
        '--valid-pmsi'
      );
      expect(stdout).toContain('INNER JOIN T_MCO19C AS mco_c');
      expect(stdout).toContain('WHERE prs.DPN_QLF IS DISTINCT FROM 71');
      expect(stdout).toContain('mco_c.NIR_RET = FALSE');
    });

    it('should answer --json with the documented shape', async () => {
      const { stdout } = await run(
        'path',
        'ER_PRS_F',
        'IR_BEN_R',
        '--json',
        '--sql'
      );
      const json = JSON.parse(stdout);
      expect(json).toMatchObject({
        from: 'ER_PRS_F',
        to: 'IR_BEN_R',
        tables: ['ER_PRS_F', 'IR_BEN_R'],
        cost: 1,
        warnings: []
      });
      expect(json.steps).toEqual([
        {
          from: 'ER_PRS_F',
          to: 'IR_BEN_R',
          kind: 'patient',
          on: [
            { from: 'ER_PRS_F.BEN_NIR_PSA', to: 'IR_BEN_R.BEN_NIR_PSA' },
            { from: 'ER_PRS_F.BEN_RNG_GEM', to: 'IR_BEN_R.BEN_RNG_GEM' }
          ]
        }
      ]);
      expect(json.sql).toMatch(
        /^SELECT prs\.\*,\n\s+ben\.\*\nFROM ER_PRS_F AS prs/
      );
    });

    it('should say when tables are not connected, with exit code 1', async () => {
      const { code, stderr } = await run('path', 'ER_PHA_F', 'OPEN_MEDIC');
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /No join path from ER_PHA_F to OPEN_MEDIC: .*OPEN_MEDIC has no link to any other table/
      );
    });

    it('should ask for a year when the SQL needs one', async () => {
      const { code, stderr } = await run(
        'path',
        'ER_PHA_F',
        'T_MCOaaC',
        '--sql'
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /T_MCOaaC is a per-year table: pass a year \(e\.g\. --year 2019/
      );
    });
  });

  describe('#usage', () => {
    it('should print help and exit 0 with --help, 2 without a command or with an unknown one', async () => {
      expect((await run('--help')).code).toBe(0);
      expect((await run('--help')).stdout).toMatch(
        /^Usage: snds-dictionary <command>/
      );
      expect(
        await runCli(
          [],
          () => undefined,
          () => undefined
        )
      ).toBe(2);
      const unknown = await run('serch', 'x');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown command serch/);
    });

    it('should count the dictionary with stats', async () => {
      const { stdout } = await run('stats', '--json');
      expect(JSON.parse(stdout)).toMatchObject({
        products: 15,
        tables: 191,
        columns: 4853,
        links: 194,
        nomenclatureLinks: 767,
        nomenclatures: 175,
        origin: { kind: 'bundle' }
      });
    });
  });
});
