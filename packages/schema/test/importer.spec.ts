import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SndsDictionary } from '../src/dictionary.js';
import { DCIR_JOIN_KEY } from '../src/domain.js';
import { SchemaImportError, type IImportIssue } from '../src/errors.js';
import {
  defaultSchemaDir,
  importSchema,
  type IImportResult
} from '../src/importer.js';
import { sharedSchema } from './shared_schema.js';

/** Writes a small schema folder: `files` maps relative paths to JSON values or CSV text. */
function writeSchema(root: string, files: Record<string, unknown>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(
      full,
      typeof content === 'string' ? content : JSON.stringify(content, null, 2)
    );
  }
}

function field(
  name: string,
  type = 'string',
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    name,
    description: `Colonne ${name}`,
    type,
    nomenclature: '-',
    length: '9',
    ...extra
  };
}

/** A valid two-table schema with one nomenclature, to break one piece at a time. */
function validFiles(): Record<string, unknown> {
  return {
    'schemas/DCIR/ER_PRS_F.json': {
      name: 'ER_PRS_F',
      title: 'Table des prestations',
      produit: 'DCIR',
      fields: [
        field('BEN_NIR_PSA'),
        field('BEN_RNG_GEM', 'integer'),
        field('PRS_NAT_REF', 'integer', { nomenclature: 'IR_NAT_V' }),
        field('BEN_SEX_COD', 'integer', { nomenclature: 'IR_SEX_V:SEX_COD' })
      ],
      primaryKey: 'BEN_NIR_PSA',
      foreignKeys: [
        {
          fields: 'BEN_NIR_PSA',
          reference: { resource: 'IR_BEN_R', fields: 'BEN_NIR_PSA' }
        },
        {
          fields: ['PRS_NAT_REF'],
          reference: { resource: 'IR_NAT_V', fields: ['PRS_NAT'] },
          description: 'Nomenclature'
        }
      ]
    },
    'schemas/BENEFICIAIRE/IR_BEN_R.json': {
      name: 'IR_BEN_R',
      title: 'Référentiel des bénéficiaires',
      produit: 'BENEFICIAIRE',
      fields: [field('ben_nir_psa'), field('BEN_NAI_ANN', 'year')]
    },
    'nomenclatures/ORAVAL/IR_NAT_V.json': {
      name: 'IR_NAT_V',
      title: 'Nature de prestation',
      fields: [
        { name: 'PRS_NAT', type: 'integer', role: 'code' },
        { name: 'PRS_NAT_LIB', type: 'string', role: 'label' }
      ],
      primaryKey: ['PRS_NAT']
    },
    'nomenclatures/ORAVAL/IR_NAT_V.csv':
      'PRS_NAT;PRS_NAT_LIB\n1111;Consultation\n"2222";"Acte; avec point-virgule"\n',
    'nomenclatures/ORAVAL/IR_SEX_V.json': {
      name: 'IR_SEX_V',
      title: 'Sexe',
      fields: [
        { name: 'SEX_COD', type: 'integer', role: 'code' },
        { name: 'SEX_LIB', type: 'string', role: 'label' }
      ]
    },
    'nomenclatures/ORAVAL/IR_SEX_V.csv':
      'SEX_COD;SEX_LIB\r\n1;Masculin\r\n2;Féminin\r\n'
  };
}

async function importErrors(
  files: Record<string, unknown>
): Promise<{ error: SchemaImportError; errors: IImportIssue[] }> {
  const root = mkdtempSync(join(tmpdir(), 'snds-schema-bad-'));
  try {
    writeSchema(root, files);
    const error = await importSchema(root).then(
      () => undefined,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(SchemaImportError);
    const importError = error as SchemaImportError;
    return {
      error: importError,
      errors: importError.issues.filter(issue => issue.severity === 'error')
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('importSchema', () => {
  describe('#counts on the shared SNDS schema', () => {
    let imported: IImportResult;
    beforeAll(async () => {
      imported = await sharedSchema();
    });

    it('should find exactly 15 products, 191 tables and 4,853 columns', () => {
      const stats = new SndsDictionary(imported.data).stats();
      expect(stats.products).toBe(15);
      expect(stats.tables).toBe(191);
      expect(stats.columns).toBe(4853);
    });

    it('should find exactly 194 table-to-table links and 767 column-to-nomenclature links', () => {
      expect(imported.data.links).toHaveLength(194);
      expect(imported.data.nomenclatureLinks).toHaveLength(767);
    });

    it('should find exactly 175 nomenclatures, with values for all but IR_PHA_R', () => {
      expect(imported.data.nomenclatures).toHaveLength(175);
      const withoutValues = imported.data.nomenclatures
        .filter(n => n.valueCount === null)
        .map(n => n.name);
      expect(withoutValues).toEqual(['IR_PHA_R']);
      expect(imported.values.size).toBe(174);
    });

    it('should report the missing IR_PHA_R values as a warning, not an error', () => {
      expect(imported.warnings.every(w => w.severity === 'warning')).toBe(true);
      expect(
        imported.warnings.some(
          w => w.table === 'IR_PHA_R' && /no values/.test(w.message)
        )
      ).toBe(true);
    });

    it('should resolve the nomenclature of every column that names one', () => {
      const stats = new SndsDictionary(imported.data).stats();
      // 767 declared as foreign keys, 217 more only as the column's "nomenclature" attribute.
      expect(stats.columnsWithNomenclature).toBe(984);
      const names = new Set(imported.data.nomenclatures.map(n => n.name));
      for (const table of imported.data.tables) {
        for (const column of table.columns) {
          if (column.nomenclature) {
            expect(names.has(column.nomenclature.name)).toBe(true);
          }
        }
      }
    });

    it('should count the values of the big nomenclatures exactly', () => {
      const count = (name: string): number | null | undefined =>
        imported.data.nomenclatures.find(n => n.name === name)?.valueCount;
      expect(count('IR_ORG_V')).toBe(59812);
      expect(count('MS_CIM_V')).toBe(19272);
      // 8,171 lines, but 9 quoted labels span two lines.
      expect(count('IR_CCAM_V63')).toBe(8161);
    });
  });

  describe('#quirks of the shared SNDS schema', () => {
    let dictionary: SndsDictionary;
    beforeAll(async () => {
      dictionary = new SndsDictionary((await sharedSchema()).data);
    });

    it('should turn keys given as a string into arrays', () => {
      // T_MCOaaC declares `"fields": "NIR_ANO_17"` and `"fields": "BEN_NIR_PSA"`.
      const link = dictionary
        .linksOf('T_MCOaaC')
        .find(l => l.to === 'IR_BEN_R');
      expect(link).toMatchObject({
        fromColumns: ['NIR_ANO_17'],
        toColumns: ['BEN_NIR_PSA'],
        kind: 'patient'
      });
      // DA_PRA_R declares `"primaryKey": "PFS_PFS_NUM"`.
      expect(dictionary.table('DA_PRA_R').primaryKey).toEqual(['PFS_PFS_NUM']);
    });

    it('should carry the 9-column DCIR key on the links of the ER_*_F satellites', () => {
      const satellites = dictionary.links.filter(
        l => l.to === 'ER_PRS_F' && l.from.startsWith('ER_')
      );
      expect(satellites.map(l => l.from).sort()).toContain('ER_PHA_F');
      expect(satellites.length).toBe(15);
      for (const link of satellites) {
        expect([...link.fromColumns].sort()).toEqual([...DCIR_JOIN_KEY].sort());
        expect(link.kind).toBe('record');
      }
    });

    it('should parse NOM:COLONNE nomenclature references and "-" as none', () => {
      expect(dictionary.column('IR_BEN_R', 'BEN_DCD_DTE').nomenclature).toEqual(
        {
          name: 'IR_DTE_V',
          column: 'DTE_DTE'
        }
      );
      expect(
        dictionary.column('ER_PHA_F', 'PHA_ACT_PRU').nomenclature
      ).toBeUndefined();
      // A foreign key to a nomenclature gives the referenced column.
      expect(dictionary.column('ER_PHA_F', 'PHA_PRS_C13').nomenclature).toEqual(
        {
          name: 'IR_PHA_R',
          column: 'PHA_CIP_C13'
        }
      );
    });

    it('should keep lower-case CARTOGRAPHIE column names and find them without case', () => {
      const table = dictionary.table('CT_IDE_AAAA_GN');
      expect(table.columns.map(c => c.name)).toContain('ben_nir_psa');
      expect(dictionary.column('CT_IDE_AAAA_GN', 'BEN_NIR_PSA').name).toBe(
        'ben_nir_psa'
      );
      expect(table.yearPattern).toBe('AAAA');
    });

    it('should resolve a foreign key spelled with another case to the real column', () => {
      const link = dictionary
        .linksOf('T_HADaaLEG')
        .find(l => l.to === 'T_HADaaB');
      expect(link?.fromColumns).toEqual(['ETA_NUM_ePMSI', 'RHAD_NUM']);
      expect(link?.toColumns).toEqual(['ETA_NUM_EPMSI', 'RHAD_NUM']);
    });

    it('should mark per-year PMSI tables and resolve per-year names', () => {
      expect(dictionary.table('T_MCOaaB').yearPattern).toBe('aa');
      expect(dictionary.resolveTable('T_MCO19B')).toMatchObject({
        table: { name: 'T_MCOaaB' },
        year: 2019
      });
      expect(dictionary.resolveTable('ct_ide_2021_gn')).toMatchObject({
        table: { name: 'CT_IDE_AAAA_GN' },
        year: 2021
      });
      expect(dictionary.table('ER_PRS_F').yearPattern).toBeUndefined();
    });

    it('should keep the integer/string type mismatch of ETA_NUM and RSA_NUM for the SQL to cast', () => {
      expect(dictionary.column('T_MCOaaB', 'ETA_NUM').type).toBe('integer');
      expect(dictionary.column('T_MCOaaC', 'RSA_NUM').type).toBe('integer');
      expect(dictionary.column('T_MCOaaA', 'ETA_NUM').type).toBe('string');
      expect(dictionary.column('T_MCOaaD', 'RSA_NUM').type).toBe('string');
      expect(dictionary.column('T_MCOaaUM', 'ETA_NUM').type).toBe('string');
    });

    it('should repair double-encoded nomenclature field names', () => {
      const atc2 = dictionary.nomenclature('openmedic_ATC2');
      expect(atc2.fields.map(f => f.name)).toEqual(['ATC2', 'Libellé ATC2']);
      expect(atc2.labels).toEqual(['Libellé ATC2']);
    });

    it('should classify links by what they join', () => {
      const kinds = (from: string, to: string): string[] =>
        dictionary.links
          .filter(l => l.from === from && l.to === to)
          .map(l => l.kind);
      expect(kinds('ER_PRS_F', 'IR_BEN_R')).toEqual(['patient']);
      expect(kinds('ER_PRS_F', 'DA_PRA_R')).toEqual([
        'reference',
        'reference',
        'reference'
      ]);
      expect(kinds('ER_PRS_F', 'BE_IDE_R')).toEqual(['reference']);
      expect(kinds('T_MCOaaB', 'T_MCOaaE')).toEqual(['reference']);
      expect(kinds('T_MCOaaA', 'T_MCOaaB')).toEqual(['record']);
      expect(kinds('KI_CCI_R', 'IR_BEN_R')).toEqual(['patient']);
    });

    it('should keep the source credit the Licence Ouverte asks for', async () => {
      const { data } = await sharedSchema();
      expect(data.source.credit).toContain('Health Data Hub / DREES lab santé');
      expect(data.source.credit).toContain('2021-04-19');
    });
  });

  describe('#fixtures', () => {
    it('should import a valid folder and normalise every quirk of it', async () => {
      const root = mkdtempSync(join(tmpdir(), 'snds-schema-ok-'));
      try {
        writeSchema(root, validFiles());
        const { data, values } = await importSchema(root);
        const dictionary = new SndsDictionary(data);
        expect(dictionary.stats()).toMatchObject({
          products: 2,
          tables: 2,
          columns: 6,
          links: 1,
          nomenclatureLinks: 1
        });
        expect(data.links[0]).toMatchObject({
          from: 'ER_PRS_F',
          fromColumns: ['BEN_NIR_PSA'],
          to: 'IR_BEN_R',
          toColumns: ['ben_nir_psa'],
          kind: 'patient'
        });
        expect(dictionary.table('ER_PRS_F').primaryKey).toEqual([
          'BEN_NIR_PSA'
        ]);
        expect(
          dictionary.column('ER_PRS_F', 'BEN_SEX_COD').nomenclature
        ).toEqual({ name: 'IR_SEX_V', column: 'SEX_COD' });
        expect(values.get('IR_NAT_V')?.rows).toEqual([
          ['1111', 'Consultation'],
          ['2222', 'Acte; avec point-virgule']
        ]);
        expect(values.get('IR_SEX_V')?.rows).toEqual([
          ['1', 'Masculin'],
          ['2', 'Féminin']
        ]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('should name the file, the table, the field and the problem for a wrong field type', async () => {
      const files = validFiles();
      (
        files['schemas/BENEFICIAIRE/IR_BEN_R.json'] as { fields: unknown[] }
      ).fields[1] = field('BEN_NAI_ANN', 'strng');
      const { error, errors } = await importErrors(files);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        file: 'schemas/BENEFICIAIRE/IR_BEN_R.json',
        table: 'IR_BEN_R',
        field: 'BEN_NAI_ANN'
      });
      expect(errors[0].message).toMatch(
        /"type" string "strng" is not a Table Schema type; use one of string, integer/
      );
      expect(error.message).toContain(
        'schemas/BENEFICIAIRE/IR_BEN_R.json › IR_BEN_R › BEN_NAI_ANN'
      );
    });

    it('should reject keys that are neither a string nor an array of strings', async () => {
      const files = validFiles();
      const prs = files['schemas/DCIR/ER_PRS_F.json'] as Record<
        string,
        unknown
      >;
      prs.primaryKey = 12;
      prs.foreignKeys = [
        {
          fields: ['BEN_NIR_PSA', 3],
          reference: { resource: 'IR_BEN_R', fields: 'ben_nir_psa' }
        }
      ];
      const { errors } = await importErrors(files);
      expect(errors.map(e => e.message)).toEqual([
        expect.stringMatching(
          /"primaryKey" must be a column name or an array of them, not number 12/
        ),
        expect.stringMatching(
          /foreign key #1: "fields" must be a column name or an array of column names/
        )
      ]);
    });

    it('should report a column that names a missing nomenclature, with a suggestion', async () => {
      const files = validFiles();
      (
        files['schemas/DCIR/ER_PRS_F.json'] as { fields: unknown[] }
      ).fields.push(
        field('PRS_NAT_CB2', 'integer', { nomenclature: 'IR_NAT_W' })
      );
      const { errors } = await importErrors(files);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        table: 'ER_PRS_F',
        field: 'PRS_NAT_CB2'
      });
      expect(errors[0].message).toBe(
        'names nomenclature IR_NAT_W, which is missing from nomenclatures/; did you mean IR_NAT_V?'
      );
    });

    it('should report every problem of every file, not only the first', async () => {
      const files = validFiles();
      const prs = files['schemas/DCIR/ER_PRS_F.json'] as {
        fields: unknown[];
        foreignKeys: unknown[];
      };
      prs.fields.push(field('PRS_NAT_REF', 'integer')); // duplicate column
      prs.fields.push({ description: 'sans nom', type: 'string' }); // no name
      prs.foreignKeys.push(
        {
          fields: 'BEN_RNG_GEM',
          reference: { resource: 'IR_BEN_X', fields: 'BEN_RNG_GEM' }
        }, // unknown table
        {
          fields: 'BEN_XXX',
          reference: { resource: 'IR_BEN_R', fields: 'ben_nir_psa' }
        }, // unknown column
        {
          fields: ['BEN_NIR_PSA', 'BEN_RNG_GEM'],
          reference: { resource: 'IR_BEN_R', fields: 'ben_nir_psa' }
        }, // lengths
        {
          fields: 'BEN_NIR_PSA',
          reference: { resource: 'IR_BEN_R', fields: 'BEN_NAI_ANX' }
        } // unknown target column
      );
      files['schemas/BENEFICIAIRE/IR_BEN_R.json'] = {
        ...(files['schemas/BENEFICIAIRE/IR_BEN_R.json'] as object),
        fields: [
          field('ben_nir_psa'),
          field('BEN_NAI_ANN', 'year', { description: 12 })
        ]
      };
      files['schemas/DCIR/ER_BAD_F.json'] = '{ "name": "ER_BAD_F", ';
      files['nomenclatures/ORAVAL/IR_SEX_V.csv'] =
        'SEX_COD;SEX_LIBELLE\n1;Masculin\n';
      files['nomenclatures/ORAVAL/IR_NAT_V.csv'] =
        'PRS_NAT;PRS_NAT_LIB\n1111;Consultation;en trop\n';
      files['nomenclatures/ORAVAL/IR_ALD_V.json'] = {
        name: 'IR_ALD_V',
        fields: [{ name: 'ALD_COD', type: 'integer' }]
      };
      const { error, errors } = await importErrors(files);
      const summary = errors.map(
        e => `${e.file} | ${e.table ?? ''} | ${e.field ?? ''} | ${e.message}`
      );
      expect(summary).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^schemas\/DCIR\/ER_BAD_F\.json \| {2}\| {2}\| is not valid JSON/
          ),
          expect.stringMatching(
            /ER_PRS_F \| PRS_NAT_REF \| column PRS_NAT_REF is declared twice/
          ),
          expect.stringMatching(/ER_PRS_F \| {2}\| field #6 has no "name"/),
          expect.stringMatching(
            /ER_PRS_F \| BEN_RNG_GEM \| .*references IR_BEN_X, which is neither a table nor a nomenclature; did you mean IR_BEN_R\?/
          ),
          expect.stringMatching(
            /ER_PRS_F \| BEN_XXX \| .*uses column BEN_XXX, which the table does not have/
          ),
          expect.stringMatching(
            /ER_PRS_F \| BEN_NIR_PSA, BEN_RNG_GEM \| .*2 column\(s\) .* reference 1 column\(s\) of IR_BEN_R/
          ),
          expect.stringMatching(
            /ER_PRS_F \| BEN_NIR_PSA \| .*references column BEN_NAI_ANX of IR_BEN_R, which has no such column; did you mean BEN_NAI_ANN\?/
          ),
          expect.stringMatching(
            /IR_BEN_R \| BEN_NAI_ANN \| "description" must be a string, not number 12/
          ),
          expect.stringMatching(
            /^nomenclatures\/ORAVAL\/IR_SEX_V\.csv \| IR_SEX_V \| {2}\| header \(SEX_COD;SEX_LIBELLE\) does not match/
          ),
          expect.stringMatching(
            /^nomenclatures\/ORAVAL\/IR_NAT_V\.csv \| IR_NAT_V \| {2}\| line 2 has 3 cells where the header has 2/
          ),
          expect.stringMatching(
            /^nomenclatures\/ORAVAL\/IR_ALD_V\.json \| IR_ALD_V \| {2}\| no field has "role": "code"/
          )
        ])
      );
      expect(errors).toHaveLength(11);
      expect(error.message).toMatch(/^11 problems in the SNDS schema at /);
    });

    it('should report a nomenclature attribute that disagrees with its foreign key', async () => {
      const files = validFiles();
      const prs = files['schemas/DCIR/ER_PRS_F.json'] as {
        fields: Record<string, unknown>[];
      };
      prs.fields[2].nomenclature = 'IR_SEX_V';
      const { errors } = await importErrors(files);
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toBe(
        '"nomenclature" says IR_SEX_V but its foreign key references IR_NAT_V; make them agree'
      );
    });

    it('should report a NOM:COLONNE reference to a column the nomenclature lacks', async () => {
      const files = validFiles();
      const prs = files['schemas/DCIR/ER_PRS_F.json'] as {
        fields: Record<string, unknown>[];
      };
      prs.fields[3].nomenclature = 'IR_SEX_V:SEX_CODE';
      const { errors } = await importErrors(files);
      expect(errors[0].message).toMatch(
        /IR_SEX_V:SEX_CODE names a column that IR_SEX_V does not have; did you mean SEX_COD\?/
      );
    });

    it('should point at SNDS_SCHEMA_DIR when the folder has no schemas/', async () => {
      const root = mkdtempSync(join(tmpdir(), 'snds-schema-empty-'));
      try {
        const error = await importSchema(root).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SchemaImportError);
        expect((error as Error).message).toMatch(
          /point SNDS_SCHEMA_DIR at the SNDS schema folder/
        );
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe('#defaultSchemaDir', () => {
    const saved = process.env.SNDS_SCHEMA_DIR;
    afterAll(() => {
      if (saved === undefined) {
        delete process.env.SNDS_SCHEMA_DIR;
      } else {
        process.env.SNDS_SCHEMA_DIR = saved;
      }
    });

    it('should use $SNDS_SCHEMA_DIR when set', () => {
      process.env.SNDS_SCHEMA_DIR = '/data/snds';
      expect(defaultSchemaDir()).toBe('/data/snds');
    });

    it('should fall back to <repository root>/../shared/snds-schema', () => {
      delete process.env.SNDS_SCHEMA_DIR;
      expect(defaultSchemaDir()).toMatch(/\/shared\/snds-schema$/);
      const repoRoot = dirname(
        dirname(dirname(dirname(fileURLToPath(import.meta.url))))
      );
      expect(defaultSchemaDir()).toBe(
        join(dirname(repoRoot), 'shared', 'snds-schema')
      );
    });
  });
});
