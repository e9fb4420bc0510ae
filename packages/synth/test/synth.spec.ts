import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDictionary } from '@snds-lab/schema/node';
import { DCIR_JOIN_KEY } from '@snds-lab/schema';
import type { INomenclatureLoader, SndsDictionary } from '@snds-lab/schema';
import { openNodeSession } from '@snds-lab/engine/lib/node.js';
import type { EngineSession } from '@snds-lab/engine';
import { chronicAtcOf, readProfiles } from '../src/profiles.js';
import {
  compileProgram,
  PRODUCT_ALIASES,
  type IProgram
} from '../src/compile.js';
import {
  checkFits,
  planSteps,
  render,
  runProgram,
  statements,
  tablesOfProducts,
  SynthRequestError
} from '../src/runner.js';
import { checkDataset, SHARED_PSA_SQL } from '../src/check.js';
import { aldNumbers, conditionCodes } from '../src/core_model.js';
import { tableChecksums } from '../src/cli_lib.js';
import { DEFAULT_PROFILES } from '../src/build_program.js';

/** ER_PRS_F's key to its satellites, for `JOIN … USING (${PHA_KEY})`. */
const PHA_KEY = DCIR_JOIN_KEY.join(', ');
/** IR_PHA_R's oral anticoagulants: vitamin K antagonists, dabigatran and the xabans. */
const ORAL_ANTICOAGULANT = `(m.PHA_ATC_C07 LIKE 'B01AA%' OR m.PHA_ATC_C07 LIKE 'B01AE%' OR m.PHA_ATC_C07 LIKE 'B01AF%')`;
/** The months of treatment a drug line's box holds (care.json drugForms `months`), on m. */
const BOX_MONTHS = `CASE ${readProfiles(DEFAULT_PROFILES)
  .care.drugForms.flatMap(f =>
    f.presentations
      .filter(x => (x.months ?? 1) > 1)
      .map(
        x =>
          `WHEN m.PHA_ATC_C07 LIKE '${f.atc}%' AND m.PHA_MED_NOM LIKE '% ${x.label}' THEN ${x.months}`
      )
  )
  .join(' ')} ELSE 1 END`;
/** The months of the year a line of day `day` and box `box` treats (its month and the next). */
const monthsOfLine = (day: string, box: string): string =>
  `unnest(range(month(${day}), LEAST(13, month(${day}) + ${box})))`;
/** A person's months of 2019 treated by the lines of `where` (on DISPENSED), by BEN_NIR_PSA. */
const monthsTreated = (where: string): string =>
  `SELECT BEN_NIR_PSA, count(DISTINCT c) AS months FROM (
    SELECT p.BEN_NIR_PSA, ${monthsOfLine('p.EXE_SOI_DTD', BOX_MONTHS)} AS c
    FROM ${DISPENSED} WHERE year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 AND ${where}) GROUP BY 1`;
/** The drug lines (p: ER_PRS_F, f: ER_PHA_F, m: IR_PHA_R, its ATC in m.PHA_ATC_C07). */
const DISPENSED = `ER_PRS_F p JOIN ER_PHA_F f USING (${PHA_KEY})
  JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13`;

/**
 * The DCIR of 12,000 people over 2019–2021 (as many as DuckDB-WASM's estimate lets three
 * years of dcir hold): new cases and users, and what 2020 changed.
 */
const dcirOf2019To2021 = (seed: number): Parameters<typeof runProgram>[2] => ({
  patients: 12_000,
  seed,
  years: [2019, 2020, 2021],
  products: ['dcir']
});

/** People and deaths over 2019–2021, for the tests of the risk of death. */
const deathsOf2019To2021 = (
  patients: number,
  seed: number
): Parameters<typeof runProgram>[2] => ({
  patients,
  seed,
  years: [2019, 2020, 2021],
  products: ['beneficiaire', 'DCIR_DCIRS', 'deces']
});

/**
 * `ald`: each BEN_NIR_PSA's first ALD of the IR_IMB_R rows `where` (its day d, code); `p`:
 * each person's birth year (nai), sex, death date (dcd), that ALD's day (ald_d) and code, and
 * whether they are in any ALD (in_ald).
 */
const firstAld = (where: string): string => `WITH ald AS (
    SELECT BEN_NIR_PSA, min(IMB_ALD_DTD) AS d, min(MED_MTF_COD) AS code
    FROM IR_IMB_R WHERE ${where} GROUP BY 1),
  p AS (SELECT b.BEN_NIR_ANO, any_value(b.BEN_NAI_ANN) AS nai, any_value(b.BEN_SEX_COD) AS sex,
      any_value(b.BEN_DCD_DTE) AS dcd, min(a.d) AS ald_d, min(a.code) AS code,
      bool_or(b.BEN_NIR_PSA IN (SELECT BEN_NIR_PSA FROM IR_IMB_R)) AS in_ald
    FROM IR_BEN_R b LEFT JOIN ald a USING (BEN_NIR_PSA) GROUP BY 1)`;

/** The MCO stays of 2019–2020 ending in death (s: B, c: C), with the person (b) and certificate (k). */
const DEATH_STAYS = `(SELECT * FROM T_MCO19B UNION ALL SELECT * FROM T_MCO20B) s
  JOIN (SELECT * FROM T_MCO19C UNION ALL SELECT * FROM T_MCO20C) c USING (ETA_NUM, RSA_NUM)
  JOIN IR_BEN_R b ON b.BEN_NIR_PSA = c.NIR_ANO_17
  JOIN KI_CCI_R k ON k.BEN_NIR_ANO = b.BEN_NIR_ANO
  WHERE s.SOR_MOD = '9'`;

let dictionary: SndsDictionary;
let loader: INomenclatureLoader;
let program: IProgram;
let session: EngineSession;
let tables: { name: string; sqlName: string }[];
const OPTIONS = { patients: 2000, seed: 42, years: [2019, 2020] };

/** The rows of a query on a session: the shared one, or one of its own (withDataset). */
const rowsIn = (on: EngineSession, sql: string): Record<string, unknown>[] =>
  on
    .query(sql)
    .toArray()
    .map(r => r.toJSON());
const rows = (sql: string): Record<string, unknown>[] => rowsIn(session, sql);
const one = (sql: string): number => Number(Object.values(rows(sql)[0])[0]);
/** The first value of a query on a session of its own (withDataset). */
const firstIn = (own: EngineSession, sql: string): number =>
  Number(Object.values(rowsIn(own, sql)[0])[0]);

/**
 * The failures checkDataset reports once `corrupt` has run, on the tables `checked` keeps;
 * the `saved` tables are put back afterwards, whatever happened.
 */
async function failuresAfter(
  saved: string[],
  corrupt: string[],
  checked: (t: { name: string; sqlName: string }) => boolean
): Promise<string[]> {
  const copied: string[] = [];
  try {
    for (const t of saved) {
      session.query(
        `CREATE OR REPLACE TABLE _saved_${t} AS SELECT * FROM ${t}`
      );
      copied.push(t);
    }
    corrupt.forEach(sql => session.query(sql));
    const result = await checkDataset(
      rows,
      program,
      dictionary,
      loader,
      tables.filter(checked)
    );
    return result.failures;
  } finally {
    // The copy replaces the table: same rows and row ids, so tests may run in any order.
    for (const t of copied) {
      session.query(`DROP TABLE ${t}`);
      session.query(`ALTER TABLE _saved_${t} RENAME TO ${t}`);
    }
  }
}

/** The ALD numbers of the other ALDs that no condition gives (not 23 nor 30). */
function otherAldNumbers(): number[] {
  const { conditions } = readProfiles(DEFAULT_PROFILES);
  const taken = new Set(conditions.conditions.flatMap(c => aldNumbers(c)));
  return [
    ...new Set(conditions.otherAld.map(g => g.ald).filter(a => !taken.has(a)))
  ];
}

/**
 * Runs `check` on a session of its own holding a dataset made with `options` (by `made`, the
 * default profiles' program unless given), then closes it.
 */
async function withDataset(
  options: Parameters<typeof runProgram>[2],
  check: (session: EngineSession) => void,
  made: IProgram = program
): Promise<void> {
  const own = await openDataset(options, made);
  try {
    check(own);
  } finally {
    own.close();
  }
}

/** A session of its own holding a dataset made with `options`: the caller closes it. */
async function openDataset(
  options: Parameters<typeof runProgram>[2],
  made: IProgram = program
): Promise<EngineSession> {
  const own = await openNodeSession();
  try {
    runProgram(made, sql => own.query(sql), options, PRODUCT_ALIASES, {
      limit: 3e9,
      wasm: true
    });
    return own;
  } catch (error) {
    own.close();
    throw error;
  }
}

beforeAll(async () => {
  ({ dictionary, loader } = await loadDictionary());
  program = await compileProgram({
    dictionary,
    loader,
    profiles: readProfiles(DEFAULT_PROFILES)
  });
  session = await openNodeSession();
  const report = runProgram(
    program,
    sql => session.query(sql),
    OPTIONS,
    PRODUCT_ALIASES,
    { limit: 3e9, wasm: true }
  );
  tables = report.tables;
}, 300_000);

describe('synthetic SNDS on DuckDB-WASM', () => {
  describe('#compileProgram', () => {
    it('should cover every table of the dictionary and the drug referential', () => {
      expect(program.tables).toHaveLength(dictionary.data.tables.length + 1);
      expect(tables.length).toBe(
        program.tables.filter(t => !t.perYear).length +
          2 * program.tables.filter(t => t.perYear).length
      );
    });

    it('should split the pools lists at run time, into the lists the literals give', () => {
      // DuckDB folds a split literal while planning (50 ms of the 90 ms of POOLS natively).
      const pools = program.steps.find(s => s.id === 'internal:_pools')!.sql[0];
      expect(pools).not.toContain("string_split('");
      const values = /\nFROM \(VALUES \((.*)\)\) v\([^)]*\)$/s.exec(pools)!;
      const literals = values[1].match(/'(?:[^']|'')*'/g)!;
      const inlined = pools
        .slice(0, values.index)
        .replace(
          /string_split\(v\.s(\d+)/g,
          (_, k) => `string_split(${literals[Number(k)]}`
        )
        .replace('TABLE _pools AS', 'TABLE _pools_inlined AS');
      const own = (sql: string) => session.query(render(sql, OPTIONS));
      own(pools.replace('TABLE _pools AS', 'TABLE _pools_split AS'));
      own(inlined);
      const differ = own(
        'SELECT count(*) AS n FROM (SELECT * FROM _pools_split EXCEPT SELECT * FROM _pools_inlined)'
      ).toArray()[0].n;
      own('DROP TABLE _pools_split');
      own('DROP TABLE _pools_inlined');
      expect(literals.length).toBeGreaterThan(40);
      expect(Number(differ)).toBe(0);
    });

    it('should refuse a box of months that do not divide the prescriptions', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      const form = profiles.care.drugForms.find(f => f.atc === '')!;
      form.presentations[1].months = 4;
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        "care.json drugForms (default) presentations[1].months: 4 does not divide every prescription's months (chronicRenewal.everyMonths and conditions.json specialistFollowUpMonths: 3, 6); give 1 or a divisor of them all."
      );
      // Short courses need a box of a month.
      form.presentations[0].months = 3;
      form.presentations[1].months = 3;
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        "care.json drugForms (default): give one presentation of a month (no months, or months 1), the box of the class's short courses."
      );
    });

    it('should refuse a specialty with no count of practitioners', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      delete profiles.care.practitioners.inhabitantsPer.specialists['73'];
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'care.json practitioners.inhabitantsPer.specialists: give the inhabitants per practitioner of specialty 73 (IR_SPE_V), which conditions.json names.'
      );
      // An other ALD's specialist (neurology for multiple sclerosis) needs one too.
      const neurology = readProfiles(DEFAULT_PROFILES);
      delete neurology.care.practitioners.inhabitantsPer.specialists['32'];
      await expect(
        compileProgram({ dictionary, loader, profiles: neurology })
      ).rejects.toThrow(
        'care.json practitioners.inhabitantsPer.specialists: give the inhabitants per practitioner of specialty 32 (IR_SPE_V), which conditions.json names.'
      );
    });

    it("should refuse an other ALD's code outside IR_CIM_V, a cartographie flag outside CT_IND and a drug outside OpenMedic", async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.conditions.otherAld[1].icd10 = ['F001', 'X9999'];
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'conditions.json otherAld[1] ("dementia") ICD-10 codes: X9999 is not in nomenclature IR_CIM_V; use codes of that list.'
      );
      const flagged = readProfiles(DEFAULT_PROFILES);
      flagged.conditions.otherAld[2].cartography = { '*': ['top_Parkinson'] };
      await expect(
        compileProgram({ dictionary, loader, profiles: flagged })
      ).rejects.toThrow(
        'conditions.json (otherAld parkinson) cartography: top_Parkinson is not a column of CT_IND_AAAA_GN; use one of its top_ or sup_ columns.'
      );
      const drugged = readProfiles(DEFAULT_PROFILES);
      drugged.conditions.otherAld[2].drugs!.chronicAtc![2] = 'N04BX99';
      await expect(
        compileProgram({ dictionary, loader, profiles: drugged })
      ).rejects.toThrow(
        'conditions.json otherAld (parkinson) drugs: ATC code N04BX99 is not in the OpenMedic ATC5 list (nomenclature openmedic_ATC5); use a 7-character ATC code from that list.'
      );
    });

    it('should refuse a biology act outside IR_BIO_R', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.conditions.conditions[0].biologyPanels![1].acts.push(99999);
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'conditions.json (diabetes) biologyPanels acts: 99999 is not in nomenclature IR_BIO_R; use codes of that list.'
      );
    });

    it("should name a treatment's biology act outside IR_BIO_R", async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      const thyroid = profiles.conditions.treatments!.find(
        t => t.id === 'thyroid'
      )!;
      thyroid.biologyPanels![0].acts = [1208, 99998];
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'conditions.json treatments (thyroid) biologyPanels acts: 99998 is not in nomenclature IR_BIO_R; use codes of that list.'
      );
    });

    it("should name a chosen drug's biology act outside IR_BIO_R, and a choice outside OpenMedic", async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      const choices = profiles.conditions.conditions.find(
        c => c.id === 'cardiovascular'
      )!.chronicAtcChoices!.B01AF02;
      choices[4].biologyPanels![0].acts = [127, 99997];
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'conditions.json (cardiovascular) chronicAtcChoices.B01AF02[4] biologyPanels acts: 99997 is not in nomenclature IR_BIO_R; use codes of that list.'
      );
      choices[4].biologyPanels![0].acts = [127];
      choices[2].atc = 'B01AE99';
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'conditions.json (cardiovascular): ATC code B01AE99 is not in the OpenMedic ATC5 list'
      );
    });

    it('should refuse a class weight of the other acute drugs that starts none of them', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      // C is left out of the other acute drugs (acuteOtherExcludedAtc), H03 is a treatment's.
      profiles.care.acuteOtherClassWeights = { S01: 6, C09: 1 };
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'care.json acuteOtherClassWeights: "C09" starts none of the other acute drugs'
      );
    });

    it('should refuse a cartographie treatment flag set twice or outside CT_IND', async () => {
      const twice = readProfiles(DEFAULT_PROFILES);
      twice.conditions.conditions[0].cartography['*'].push('sup_FRVDiab_cat');
      await expect(
        compileProgram({ dictionary, loader, profiles: twice })
      ).rejects.toThrow(
        'conditions.json cartographyTreatments groups.sup_FRVDiab_cat: sup_FRVDiab_cat is set twice (by a condition, an event or another treatment flag); keep one.'
      );
      const unknown = readProfiles(DEFAULT_PROFILES);
      unknown.conditions.cartographyTreatments!.treatments[0].unlessFlags = [
        'sup_Cv'
      ];
      await expect(
        compileProgram({ dictionary, loader, profiles: unknown })
      ).rejects.toThrow(
        'conditions.json cartographyTreatments treatments[0] unlessFlags: sup_Cv is not a column of CT_IND_AAAA_GN; use one of its top_ or sup_ columns.'
      );
    });

    it('should refuse other diagnoses of general stays that no ICD-10 code has', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      const other = profiles.care.acuteStay.otherDiagnoses;
      other.groups[2].icd10Prefixes = ['K2', 'U9'];
      other.excludedPrefixes = ['K', 'U'];
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'care.json acuteStay.otherDiagnoses.groups[2]: no 4-character ICD-10 code of MS_CIM_V (a code refined into 5 characters does not count) starts with K2, U9 outside acuteStay.icd10, excludedPrefixes and the groups before it; give other prefixes.'
      );
    });

    it('should refuse other diagnoses that no GHM rule groups', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.care.acuteStay.otherDiagnoses.groups[0].icd10Prefixes.push('Z0');
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        /^care\.json pmsi\.ghm: no rule groups the principal diagnosis Z0\d\d; add a rule whose icd10 prefixes cover it\.$/
      );
    });

    it('should refuse other diagnoses that group in a surgical root', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      const other = profiles.care.acuteStay.otherDiagnoses;
      other.excludedPrefixes = other.excludedPrefixes!.filter(p => p !== 'I83');
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'care.json acuteStay.otherDiagnoses: I830 groups in the surgical root 05C17 (pmsi.ghm prefixes I83), whose stays need an act, and the other diagnoses have none; add that prefix to otherDiagnoses.excludedPrefixes.'
      );
    });

    it("should refuse a GHM root whose letter does not match its GHS's type", async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      const rule = profiles.care.pmsi.ghm.find(r => r.root === '06M03')!;
      rule.root = '06C03';
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        /^care\.json pmsi\.ghm \(06C03\): GHS \d+ is of type M in IR_GHS_V, which does not match the root's letter C \(C for surgery\)\.$/
      );
    });

    it('should refuse a code open to part of a band that outweighs its open codes', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      const stay = profiles.care.acuteStay;
      // Bronchiolitis is open to half of 0-4 (up to 2): drawn there at twice this rate.
      stay.icd10WeightsByAge.female[0][stay.icd10.indexOf('J219')] = 100_000;
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        /^care\.json acuteStay\.icd10WeightsByAge\.female\[0\]: the codes of icd10Restrictions open to part of the band from age 0 need \d+ more stays per 100,000 than the band's open codes and otherDiagnoses have \(\d+\); lower their rates there or raise the others\.$/
      );
    });

    it('should refuse a last stay of a death in a surgical GHM with no act, or in none', async () => {
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.deaths.otherCauses.lastStayIcd10[0] = 'C189';
      await expect(
        compileProgram({ dictionary, loader, profiles })
      ).rejects.toThrow(
        'deaths.json otherCauses.lastStayIcd10: C189 groups in the surgical root 06C04, whose stays need an act, and care.json acuteStay.ccamByCode gives it none; choose a code of a medical root, or give it acts there.'
      );
      // An other ALD's: a code no rule groups (an ALD's own code, often).
      const own = readProfiles(DEFAULT_PROFILES);
      own.conditions.otherAld[9].lastStayIcd10 = 'K703';
      await expect(
        compileProgram({ dictionary, loader, profiles: own })
      ).rejects.toThrow(
        'conditions.json otherAld (liver) lastStayIcd10: no rule of care.json pmsi.ghm groups K703; choose a code a rule covers, or add a rule for it.'
      );
    });
  });

  describe('#checkDataset', () => {
    it('should find every link, nomenclature and core invariant intact', async () => {
      const result = await checkDataset(
        rows,
        program,
        dictionary,
        loader,
        tables
      );
      expect(result.failures).toEqual([]);
      expect(result.checks).toBeGreaterThan(1500);
    });

    it('should report a broken link, a line whose sign is not that of its quantity, a value out of bounds, a prescription after its care, a prescriber of another specialty and a prescription with no visit', async () => {
      // One test: checking ER_PRS_F is the slow part. The first prescribed line, by position.
      const prescribed = one(
        'SELECT min(rowid) + 1 FROM ER_PRS_F WHERE PRE_PRE_DTD IS NOT NULL'
      );
      // Whether the person of line f saw its prescriber (a consultation) on a day.
      const visited = (day: string): string => `EXISTS (
        SELECT 1 FROM ER_PRS_F v JOIN IR_BEN_R bv ON bv.BEN_NIR_PSA = v.BEN_NIR_PSA AND bv.BEN_RNG_GEM = v.BEN_RNG_GEM
        JOIN IR_BEN_R bf ON bf.BEN_NIR_PSA = f.BEN_NIR_PSA AND bf.BEN_RNG_GEM = f.BEN_RNG_GEM
        WHERE bv.BEN_NIR_ANO = bf.BEN_NIR_ANO AND v.PFS_EXE_NUM = f.PFS_PRE_NUM
          AND v.EXE_SOI_DTD = ${day} AND v.PRE_PRE_DTD IS NULL)`;
      // The line prescribed after its care may have a visit on its new day.
      const afterCareVisited = one(`SELECT count(*) FROM ER_PRS_F f
        WHERE f.rowid = ${prescribed - 1} AND ${visited('f.EXE_SOI_DTD + 5')}`);
      const failures = await failuresAfter(
        ['ER_PHA_F', 'ER_PRS_F'],
        [
          'UPDATE ER_PHA_F SET DCT_ORD_NUM = -5 WHERE rowid = (SELECT min(rowid) FROM ER_PHA_F)',
          'UPDATE ER_PRS_F SET BSE_REM_SGN = 1 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F WHERE PRS_ACT_QTE < 0)',
          'UPDATE ER_PRS_F SET RGO_MIN_TAU = -5 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F)',
          'UPDATE ER_PRS_F SET PRE_PRE_DTD = EXE_SOI_DTD + 5 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F WHERE PRE_PRE_DTD IS NOT NULL)',
          'UPDATE ER_PRS_F SET PSP_SPE_COD = 42 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F WHERE PSP_SPE_COD = 1 AND PRS_NAT_REF = 3313)',
          // The day before, in the same month, with no visit to the prescriber then:
          // prescribed the day before the visit.
          `UPDATE ER_PRS_F SET PRE_PRE_DTD = PRE_PRE_DTD - 1 WHERE rowid = (SELECT max(f.rowid) FROM ER_PRS_F f
            WHERE day(f.PRE_PRE_DTD) > 1 AND f.PRE_PRE_DTD >= DATE '2019-01-01' AND NOT ${visited('f.PRE_PRE_DTD - 1')})`
        ],
        t => ['ER_PHA_F', 'ER_PRS_F', 'DA_PRA_R', 'IR_BEN_R'].includes(t.name)
      );
      expect(failures.some(f => f.startsWith('ER_PHA_F(DCT_ORD_NUM'))).toBe(
        true
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^ER_PRS_F: sign BSE_REM_SGN other than/)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ER_PRS_F: prescribed \\(PRE_PRE_DTD\\) after the care.*: 1 row\\(s\\) \\(row ${prescribed}\\)$`
          )
        )
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^ER_PRS_F: prescriber \(PFS_PRE_NUM\) whose specialty in DA_PRA_R .*: 1 row\(s\)$/
        )
      );
      // The line prescribed after its care (unless it has a visit then), and the one
      // prescribed the day before its visit.
      expect(failures).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ER_PRS_F: prescribed care with no visit .*: ${2 - afterCareVisited} row\\(s\\)$`
          )
        )
      );
      // Negative values are out of bounds; the regularisation lines' amounts are not.
      expect(failures.filter(f => f.includes(' outside '))).toEqual([
        'ER_PHA_F.DCT_ORD_NUM outside 0 to 999999999: 1 row(s) (row 1)',
        'ER_PRS_F.RGO_MIN_TAU outside 0 to 100: 1 row(s) (row 1)'
      ]);
    });

    it('should report a broken link between columns typed differently in the two tables', async () => {
      // T_MCOaaA.RSA_NUM is text, T_MCOaaB's a number: they compare as text, and a number
      // written with a letter matches no stay (compared as numbers, it would not even cast).
      const failures = await failuresAfter(
        ['T_MCO19A'],
        [
          "UPDATE T_MCO19A SET RSA_NUM = 'X' || RSA_NUM WHERE rowid = (SELECT min(rowid) FROM T_MCO19A)"
        ],
        t => ['T_MCOaaA', 'T_MCOaaB'].includes(t.name)
      );
      expect(failures.filter(f => f.includes(' → '))).toEqual([
        'T_MCO19A(ETA_NUM, RSA_NUM) → T_MCO19B(ETA_NUM, RSA_NUM): 1 row(s) (row 1)'
      ]);
    });

    it('should report town care on a day inside a hospital stay of the person', async () => {
      const failures = await failuresAfter(
        ['ER_PRS_F'],
        [
          `CREATE OR REPLACE TEMP TABLE _stay_day AS SELECT c.NIR_ANO_17 AS psa, c.ENT_DAT + 1 AS day
            FROM T_MCO19C c WHERE c.SOR_DAT - c.ENT_DAT >= 3
              AND c.NIR_ANO_17 IN (SELECT BEN_NIR_PSA FROM ER_PRS_F)
              AND c.NIR_ANO_17 NOT IN ${SHARED_PSA_SQL}
            ORDER BY c.RSA_NUM LIMIT 1`,
          `UPDATE ER_PRS_F SET EXE_SOI_DTD = (SELECT day FROM _stay_day)
            WHERE rowid = (SELECT min(f.rowid) FROM ER_PRS_F f JOIN _stay_day s ON f.BEN_NIR_PSA = s.psa)`
        ],
        t => ['ER_PRS_F', 'IR_BEN_R', 'T_MCOaaB', 'T_MCOaaC'].includes(t.name)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^T_MCO19B: town care \(ER_PRS_F.EXE_SOI_DTD\) of the person strictly between .*: 1 row\(s\)/
        )
      );
      expect(failures.filter(f => f.startsWith('T_MCO20B: town care'))).toEqual(
        []
      );
    });

    it('should report two stays of the same person at once', async () => {
      // The second of two full stays of other persons takes the first's person and days.
      const full = `SELECT c.ETA_NUM, c.RSA_NUM, c.NIR_ANO_17, c.ENT_DAT, c.SOR_DAT FROM T_MCO19C c
        JOIN T_MCO19B b USING (ETA_NUM, RSA_NUM)
        WHERE c.SOR_DAT - c.ENT_DAT >= 2 AND b.SEJ_TYP IS NULL AND c.NIR_RET IS NOT TRUE
          AND c.NIR_ANO_17 NOT IN ${SHARED_PSA_SQL}`;
      const failures = await failuresAfter(
        ['T_MCO19C'],
        [
          `CREATE OR REPLACE TEMP TABLE _two AS SELECT * FROM (${full}) ORDER BY RSA_NUM LIMIT 2`,
          `UPDATE T_MCO19C c SET NIR_ANO_17 = f.NIR_ANO_17, ENT_DAT = f.ENT_DAT + 1, SOR_DAT = f.SOR_DAT + 1
            FROM (SELECT * FROM _two ORDER BY RSA_NUM LIMIT 1) f
            WHERE (c.ETA_NUM, c.RSA_NUM) = (SELECT (ETA_NUM, RSA_NUM) FROM _two ORDER BY RSA_NUM DESC LIMIT 1)`
        ],
        t => ['IR_BEN_R', 'T_MCOaaB', 'T_MCOaaC'].includes(t.name)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^T_MCO19B: two stays of the same person \(T_MCO19C.NIR_ANO_17\) at once.*: 1 row\(s\)/
        )
      );
      expect(failures.filter(f => f.startsWith('T_MCO20B: two stays'))).toEqual(
        []
      );
    });

    it('should report values outside the schema: an enum, bounds, a length', async () => {
      const failures = await failuresAfter(
        ['T_MCO19B', 'T_MCO19C'],
        [
          "UPDATE T_MCO19B SET TAR_SEQ_NUM = '001' WHERE rowid = (SELECT min(rowid) FROM T_MCO19B)",
          'UPDATE T_MCO19C SET SEJ_NUM = 5 WHERE rowid = (SELECT min(rowid) FROM T_MCO19C)',
          "UPDATE T_MCO19C SET NIR_ANO_MAM = 'X' WHERE rowid = (SELECT min(rowid) FROM T_MCO19C)"
        ],
        t => ['T_MCO19B', 'T_MCO19C'].includes(t.sqlName)
      );
      expect(failures).toEqual([
        'T_MCO19B.TAR_SEQ_NUM not one of 003, 004, 005: 1 row(s) (row 1)',
        'T_MCO19C.NIR_ANO_MAM shorter than 32: 1 row(s) (row 1)',
        'T_MCO19C.SEJ_NUM outside 10000 to 99999: 1 row(s) (row 1)'
      ]);
    });

    it('should report codes outside their nomenclature, in a number column and in a text column', async () => {
      const failures = await failuresAfter(
        ['ER_PRS_F', 'T_MCO19B'],
        [
          'UPDATE ER_PRS_F SET CPL_PRS_NAT = 8888 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F)',
          "UPDATE T_MCO19B SET DGN_PAL = 'ZZZZ' WHERE rowid = (SELECT min(rowid) FROM T_MCO19B)"
        ],
        t => ['ER_PRS_F', 'T_MCO19B'].includes(t.sqlName)
      );
      expect(failures.filter(f => f.includes(' not in '))).toEqual([
        'ER_PRS_F.CPL_PRS_NAT not in IR_NAT_V: 1 row(s) (row 1)',
        'T_MCO19B.DGN_PAL not in MS_CIM_V: 1 row(s) (row 1)'
      ]);
      // The code sets' temporary tables are gone.
      expect(
        one(
          "SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '_snds_check_codes_')"
        )
      ).toBe(0);
    });

    it('should report a BEN_IDT_TOP that does not say whether BEN_IDT_ANO is the NIR, and a person whose rows disagree', async () => {
      const failures = await failuresAfter(
        ['IR_BEN_R'],
        [
          'UPDATE IR_BEN_R SET BEN_IDT_TOP = 0 WHERE rowid = (SELECT min(rowid) FROM IR_BEN_R)',
          'UPDATE IR_BEN_R SET BEN_SEX_COD = 3 - BEN_SEX_COD WHERE rowid = (SELECT max(rowid) FROM IR_BEN_R WHERE BEN_IDT_ANO IN (SELECT BEN_IDT_ANO FROM IR_BEN_R GROUP BY 1 HAVING count(*) > 1))'
        ],
        t => t.name === 'IR_BEN_R'
      );
      expect(failures).toEqual([
        'IR_BEN_R: BEN_IDT_TOP not 1 exactly when BEN_IDT_ANO is the BEN_NIR_ANO: 1 row(s) (row 1)',
        'IR_BEN_R: one person (BEN_IDT_ANO) with two sexes, birth dates or death dates: 1 row(s)'
      ]);
    });

    it('should report a GHM whose severity the length of stay does not allow', async () => {
      const failures = await failuresAfter(
        ['T_MCO19B'],
        [
          "UPDATE T_MCO19B SET GRG_GHM = substr(GRG_GHM, 1, 5) || '4' WHERE rowid = (SELECT min(rowid) FROM T_MCO19B WHERE SEJ_NBJ = 0 AND substr(GRG_GHM, 6, 1) IN ('J', 'T'))"
        ],
        t => ['T_MCO19B', 'T_MCO19C'].includes(t.sqlName)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^T_MCO19B: GHM severity level above/)
      );
    });

    it('should report a death in an MCO stay whose certificate places it at home', async () => {
      const failures = await failuresAfter(
        ['KI_CCI_R'],
        [
          "UPDATE KI_CCI_R SET DCD_LIE_COD = 1 WHERE BEN_NIR_ANO IN (SELECT b.BEN_NIR_ANO FROM T_MCO19B s JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) JOIN IR_BEN_R b ON b.BEN_NIR_PSA = c.NIR_ANO_17 WHERE s.SOR_MOD = '9')"
        ],
        t =>
          ['KI_CCI_R', 'IR_BEN_R', 'T_MCO19B', 'T_MCO19C'].includes(t.sqlName)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^T_MCO19B: stay ending in death \(SOR_MOD 9\)/)
      );
    });

    it('should report an ALD whose number does not fit its ICD-10 reason', async () => {
      const failures = await failuresAfter(
        ['IR_IMB_R'],
        ["UPDATE IR_IMB_R SET IMB_ALD_NUM = 5 WHERE MED_MTF_COD LIKE 'E1%'"],
        t => t.name === 'IR_IMB_R'
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^IR_IMB_R: ALD number \(IMB_ALD_NUM\) other/)
      );
    });

    it('should report a stay whose number of associated diagnoses is not its rows of T_MCOaaD', async () => {
      const failures = await failuresAfter(
        ['T_MCO19B'],
        [
          'UPDATE T_MCO19B SET NBR_DGN = NBR_DGN + 1 WHERE RSA_NUM IN (SELECT RSA_NUM FROM T_MCO19B LIMIT 3)'
        ],
        t => ['T_MCO19B', 'T_MCO19D'].includes(t.sqlName)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^T_MCO19B: number of associated diagnoses \(NBR_DGN\) other/
        )
      );
    });

    it('should begin ALDs in every year, the first included, and none before birth', () => {
      const years = rows(
        'SELECT DISTINCT year(IMB_ALD_DTD) AS y FROM IR_IMB_R ORDER BY 1'
      ).map(r => Number(r.y));
      expect(years).toContain(2019);
      expect(years).toContain(2020);
      expect(
        one(`SELECT count(*) FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
          WHERE i.IMB_ALD_DTD <= b.BEN_NAI_MOI`)
      ).toBe(0);
    });

    it("should report an ALD beginning after the person's death", async () => {
      const failures = await failuresAfter(
        ['IR_IMB_R'],
        [
          `UPDATE IR_IMB_R SET IMB_ALD_DTD = DATE '2019-12-31' WHERE BEN_NIR_PSA IN
             (SELECT BEN_NIR_PSA FROM IR_BEN_R WHERE BEN_DCD_DTE BETWEEN DATE '2019-01-01' AND DATE '2019-12-30')`
        ],
        t => ['IR_IMB_R', 'IR_BEN_R'].includes(t.name)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^IR_IMB_R: ALD beginning \(IMB_ALD_DTD\) after/)
      );
    });

    it('should report an ALD beginning before birth, and a flow before the end of its care', async () => {
      const failures = await failuresAfter(
        ['IR_IMB_R', 'ER_PRS_F'],
        [
          `UPDATE IR_IMB_R SET IMB_ALD_DTD = DATE '1900-01-01' WHERE rowid % 50 = 0`,
          `UPDATE ER_PRS_F SET EXE_SOI_DTF = FLX_DIS_DTD WHERE rowid % 1000 = 0`
        ],
        t => ['IR_IMB_R', 'IR_BEN_R', 'ER_PRS_F'].includes(t.name)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^IR_IMB_R: ALD beginning \(IMB_ALD_DTD\) in or before the person's month of birth/
        )
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^ER_PRS_F: flow FLX_DIS_DTD on or before the last day of care/
        )
      );
    });

    it('should report amounts, deaths and care out of place, a certificate of the living and a diabetic the cartographie misses', async () => {
      const failures = await failuresAfter(
        ['ER_PRS_F', 'IR_BEN_R', 'CT_IND_2019_GN'],
        [
          'UPDATE ER_PRS_F SET BSE_REM_MNT = BSE_REM_MNT + 1 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F WHERE DPN_QLF <> 71 AND BSE_REM_MNT > 0)',
          "UPDATE ER_PRS_F SET EXE_SOI_DTD = DATE '2017-06-01' WHERE rowid = (SELECT max(rowid) FROM ER_PRS_F)",
          `UPDATE IR_BEN_R SET BEN_DCD_DTE = BEN_NAI_MOI - 1 WHERE BEN_NIR_ANO = (SELECT min(BEN_NIR_ANO) FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01')`,
          `UPDATE IR_BEN_R SET BEN_DCD_DTE = DATE '1600-01-01' WHERE BEN_NIR_ANO = (SELECT max(BEN_NIR_ANO) FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01')`,
          'UPDATE CT_IND_2019_GN SET top_FDiabet_ind = 0'
        ],
        t =>
          ['ER_PRS_F', 'ER_PHA_F', 'IR_PHA_R', 'IR_BEN_R', 'KI_CCI_R'].includes(
            t.name
          ) || t.name.startsWith('CT_I')
      );
      for (const re of [
        /^ER_PRS_F: an amount reimbursed \(BSE_REM_MNT\) other than the base .*: 1 row\(s\) \(row \d+\)$/,
        /^ER_PRS_F: care \(EXE_SOI_DTD\) outside the dataset's years \(2019 to 2020, from its tables of a year\): 1 row\(s\)/,
        /^IR_BEN_R: a death \(BEN_DCD_DTE\) before the month of birth \(BEN_NAI_MOI\): \d row\(s\) \(rows? [\d, ]+\)$/,
        /^IR_BEN_R: a death date \(BEN_DCD_DTE\) neither 1600-01-01 \(alive\) nor in the dataset's years \(2019 to 2020\)/,
        /^KI_CCI_R: a death certificate of a person alive in IR_BEN_R \(BEN_DCD_DTE 1600-01-01\): 1 row\(s\) \(row \d+\)$/,
        /^CT_IND_2019_GN: no diabetes \(top_FDiabet_ind\) for a person with antidiabetics \(ATC A10\) dispensed on 3 days or more of 2019: \d+ row\(s\)/
      ]) {
        expect(failures).toContainEqual(expect.stringMatching(re));
      }
      expect(
        failures.some(f => f.startsWith('CT_IND_2020_GN: no diabetes'))
      ).toBe(false);
    });

    it('should report a pack price not proportional to its units, or other in the DCIR, and a drug line without its ER_PHA_F line', async () => {
      const failures = await failuresAfter(
        ['IR_PHA_R', 'ER_PHA_F'],
        [
          "UPDATE IR_PHA_R SET PHA_PRI_UNI = '99.99' WHERE PHA_CIP_C13 = (SELECT min(PHA_CIP_C13) FROM IR_PHA_R WHERE PHA_MED_NOM LIKE '% CPR B/90')",
          'UPDATE ER_PHA_F SET PHA_ACT_PRU = PHA_ACT_PRU + 1 WHERE DCT_ORD_NUM = (SELECT min(DCT_ORD_NUM) FROM ER_PHA_F)',
          'DELETE FROM ER_PHA_F WHERE DCT_ORD_NUM = (SELECT max(DCT_ORD_NUM) FROM ER_PHA_F)'
        ],
        t => ['IR_PHA_R', 'ER_PHA_F', 'ER_PRS_F'].includes(t.name)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^IR_PHA_R: packs of one drug and form/)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^ER_PHA_F: pack price \(PHA_ACT_PRU\)/)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^ER_PRS_F: drug line whose unit price/)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^ER_PRS_F: drug line \(PRS_NAT_REF 3313\) with no ER_PHA_F line/
        )
      );
    });

    it('should report a biology line without its ER_BIO_F acts, an act of another sign, or a price off its B coefficients', async () => {
      const failures = await failuresAfter(
        ['ER_PRS_F', 'ER_BIO_F'],
        [
          'UPDATE ER_PRS_F SET BSE_REM_PRU = BSE_REM_PRU + 1 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F WHERE PRS_NAT_REF = 3211)',
          'UPDATE ER_BIO_F SET BIO_ACT_QSN = -BIO_ACT_QSN WHERE rowid = (SELECT min(rowid) FROM ER_BIO_F)',
          'DELETE FROM ER_BIO_F WHERE DCT_ORD_NUM = (SELECT max(DCT_ORD_NUM) FROM ER_BIO_F)'
        ],
        t => ['ER_BIO_F', 'ER_PRS_F'].includes(t.name)
      );
      for (const re of [
        /^ER_PRS_F: biology line \(PRS_NAT_REF 3211\) with no ER_BIO_F act of its key: \d row\(s\)/,
        /^ER_BIO_F: act quantity \(BIO_ACT_QSN\) of another sign than its ER_PRS_F line \(PRS_ACT_QTE\): 1 row\(s\)/,
        /^ER_PRS_F: biology line whose unit price \(BSE_REM_PRU\) is not the B coefficients of its ER_BIO_F acts .*: 1 row\(s\)$/
      ]) {
        expect(failures).toContainEqual(expect.stringMatching(re));
      }
    });

    it("should check the lines of the natures the program's profiles give", async () => {
      // A profile that named the drug lines' nature for biology's, and the other way round.
      const { pharmacy, biology } = program.codes.natures;
      const swapped = {
        ...program,
        codes: {
          ...program.codes,
          natures: {
            ...program.codes.natures,
            pharmacy: biology,
            biology: pharmacy
          }
        }
      };
      const { failures } = await checkDataset(
        rows,
        swapped,
        dictionary,
        loader,
        tables.filter(t =>
          ['ER_PRS_F', 'ER_PHA_F', 'ER_BIO_F'].includes(t.name)
        )
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ER_PRS_F: drug line \\(PRS_NAT_REF ${biology}\\) with no ER_PHA_F line of its key`
          )
        )
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ER_PRS_F: biology line \\(PRS_NAT_REF ${pharmacy}\\) with no ER_BIO_F act of its key`
          )
        )
      );
    });

    it('should report a base off its unit price and quantity, and a nursing line off its days or the AMI', async () => {
      const failures = await failuresAfter(
        ['ER_PRS_F'],
        [
          'UPDATE ER_PRS_F SET BSE_REM_BSE = BSE_REM_BSE + 1 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F WHERE PRS_NAT_REF = 1110)',
          'UPDATE ER_PRS_F SET EXE_SOI_DTF = EXE_SOI_DTF + 20 WHERE rowid = (SELECT min(rowid) FROM ER_PRS_F WHERE PRS_NAT_REF = 3111)',
          'UPDATE ER_PRS_F SET PRS_ACT_CFT = PRS_ACT_CFT + 1 WHERE rowid = (SELECT max(rowid) FROM ER_PRS_F WHERE PRS_NAT_REF = 3111)'
        ],
        t => t.name === 'ER_PRS_F'
      );
      for (const re of [
        /^ER_PRS_F: base \(BSE_REM_BSE\) other than the unit price \(BSE_REM_PRU\) times the quantity \(PRS_ACT_QTE\): 1 row\(s\)/,
        /^ER_PRS_F: nursing line \(PRS_NAT_REF 3111\) whose quantity \(PRS_ACT_QTE\) is neither its days of care .*: 1 row\(s\)/,
        /^ER_PRS_F: nursing line whose unit price \(BSE_REM_PRU\) is not its AMI coefficient .*: 1 row\(s\)$/
      ]) {
        expect(failures).toContainEqual(expect.stringMatching(re));
      }
    });

    it('should report too few stays without a night, and surgery without an act', async () => {
      const failures = await failuresAfter(
        ['T_MCO19B'],
        [
          'UPDATE T_MCO19B SET SEJ_NBJ = 1 WHERE SEJ_NBJ = 0',
          "UPDATE T_MCO19B SET NBR_ACT = 0 WHERE substr(GRG_GHM, 3, 1) = 'C'"
        ],
        t => t.sqlName === 'T_MCO19B'
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^T_MCO19B: 0% of \d+ stays without a night/)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^T_MCO19B: surgical GHM \(type C\) without/)
      );
    });

    it('should report units (RUM) whose lengths do not add up to their stay', async () => {
      const failures = await failuresAfter(
        ['T_MCO19UM'],
        [
          'UPDATE T_MCO19UM SET PAR_DUR_SEJ = PAR_DUR_SEJ + 1 WHERE UM_ORD_NUM = 1'
        ],
        t => ['T_MCO19B', 'T_MCO19UM', 'T_MCO19A'].includes(t.sqlName)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^T_MCO19UM: a stay of T_MCO19B without NBR_RUM/)
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^T_MCO19A: act in a unit/)
      );
    });

    it('should report a cartographie age class other than the age', async () => {
      const failures = await failuresAfter(
        ['CT_IND_2019_GN'],
        ["UPDATE CT_IND_2019_GN SET cla_age_5 = '00-04' WHERE age >= 50"],
        t => t.sqlName.startsWith('CT_IND_2019')
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^CT_IND_2019_GN: age other than 2019/)
      );
    });

    it('should report a treatment flag without its treated', async () => {
      const failures = await failuresAfter(
        ['CT_IND_2019_GN'],
        [
          'UPDATE CT_IND_2019_GN SET top_FHypoLi_med = 1, sup_FRV_cat = 1, sup_Patho_cat_nnexclu = 1 WHERE rowid % 5 = 0 AND sup_FHypoLi_med_nnexclu = 0',
          'UPDATE CT_IND_2019_GN SET sup_AINS_med = 1 WHERE rowid % 5 = 1 AND sup_Petit_Conso = 0'
        ],
        t => t.sqlName.startsWith('CT_IND_2019')
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^CT_IND_2019_GN: a treatment flag \(…_med\) set for someone without/
        )
      );
      expect(failures).toContainEqual(
        expect.stringMatching(
          /^CT_IND_2019_GN: a treatment flag of the 'petits consommateurs' \(.*sup_AINS_med.*\) set for someone who is not one/
        )
      );
    });

    it('should report cartographie totals the flags and stays do not make', async () => {
      const failures = await failuresAfter(
        ['CT_IND_2019_GN'],
        [
          'UPDATE CT_IND_2019_GN SET sup_Petit_Conso = 1 WHERE rowid % 7 = 0 AND top_FDiabet_ind = 1'
        ],
        t => t.sqlName.startsWith('CT_IND_2019')
      );
      expect(failures).toContainEqual(
        expect.stringMatching(/^CT_IND_2019_GN: totals \(sup_Patho_cat_exclu/)
      );
    });
  });

  describe('core model', () => {
    it('should make treated diabetes more frequent with age', () => {
      const prevalence = (lo: number, hi: number): number =>
        one(`SELECT count(DISTINCT b.BEN_NIR_ANO) FILTER (WHERE p.BEN_NIR_PSA IS NOT NULL) / count(DISTINCT b.BEN_NIR_ANO)
             FROM IR_BEN_R b LEFT JOIN (SELECT DISTINCT r.BEN_NIR_PSA FROM ER_PHA_F f JOIN ER_PRS_F r USING (${PHA_KEY})
               JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13 WHERE m.PHA_ATC_C07 LIKE 'A10%' AND year(r.EXE_SOI_DTD) = 2019) p ON p.BEN_NIR_PSA = b.BEN_NIR_PSA
             WHERE 2019 - b.BEN_NAI_ANN BETWEEN ${lo} AND ${hi}`);
      const young = prevalence(20, 39);
      const old = prevalence(70, 79);
      expect(old).toBeGreaterThan(0.06);
      expect(old).toBeGreaterThan(4 * young);
    });

    it('should repeat chronic dispensations monthly, or every third month in boxes of three months', () => {
      // Months treated: a box of three months treats its month and the next two.
      const perPatient = one(
        `SELECT avg(months) FROM (${monthsTreated("m.PHA_ATC_C07 LIKE 'A10%' AND p.BEN_DCD_DTE = DATE '1600-01-01'")})`
      );
      expect(perPatient).toBeGreaterThan(10);
    });

    it('should give a plausible share of people with a hospital stay', () => {
      const share = one(
        `SELECT count(DISTINCT NIR_ANO_17) FILTER (WHERE NIR_RET IS NOT TRUE) / (SELECT count(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R) FROM T_MCO19C`
      );
      expect(share).toBeGreaterThan(0.08);
      expect(share).toBeLessThan(0.3);
    });

    it('should group stays in GHMs that follow the diagnosis and the length of stay', () => {
      const ambulatory = one(
        'SELECT avg(CASE WHEN SEJ_NBJ = 0 THEN 1 ELSE 0 END) FROM T_MCO19B WHERE NBR_SEA = 0'
      );
      // About 45% of MCO stays have no night (ATIH 2019), cataracts first among them: a
      // loose bound on 2,000 patients, a tight one on 20,000 below.
      expect(ambulatory).toBeGreaterThan(0.3);
      expect(ambulatory).toBeLessThan(0.55);
      expect(
        one(
          "SELECT avg(CASE WHEN SEJ_NBJ = 0 THEN 1 ELSE 0 END) FROM T_MCO19B WHERE DGN_PAL = 'H251'"
        )
      ).toBeGreaterThan(0.7);
      expect(
        one(
          "SELECT count(*) FROM T_MCO19B b JOIN T_MCO19A a ON a.ETA_NUM = b.ETA_NUM AND a.RSA_NUM = b.RSA_NUM WHERE b.DGN_PAL = 'H251' AND a.CDC_ACT <> 'BFGA427'"
        )
      ).toBe(0);
      expect(
        one(
          "SELECT count(*) FROM T_MCO19B WHERE SEJ_NBJ = 0 AND substr(GRG_GHM, 6, 1) IN ('J', 'T')"
        )
      ).toBeGreaterThan(0);
      expect(
        one(
          "SELECT count(*) FROM T_MCO19B WHERE substr(DGN_PAL, 1, 3) IN ('E10', 'E11') AND GRG_GHM NOT LIKE '10M%'"
        )
      ).toBe(0);
      // Chemotherapy sessions carry the cancer as related diagnosis; other stays have none.
      expect(
        one(
          "SELECT count(*) FROM T_MCO19B WHERE GRG_GHM = '28Z07Z' AND DGN_PAL = 'Z511' AND DGN_REL LIKE 'C%'"
        )
      ).toBeGreaterThan(0);
      expect(
        one(
          'SELECT avg(CASE WHEN DGN_REL IS NULL THEN 1 ELSE 0 END) FROM T_MCO19B'
        )
      ).toBeGreaterThan(0.8);
      const pie = one(
        "SELECT avg(CASE WHEN SEJ_TYP = 'B' THEN 1 ELSE 0 END) FROM T_MCO19B"
      );
      expect(pie).toBeGreaterThan(0.002);
      expect(pie).toBeLessThan(0.05);
    });

    it('should give general stays the mean length of stay of their diagnosis', async () => {
      await withDataset(
        {
          patients: 30_000,
          seed: 4,
          years: [2019],
          products: ['beneficiaire', 'mco']
        },
        pmsi => {
          const nights = Object.fromEntries(
            rowsIn(
              pmsi,
              `SELECT DGN_PAL AS dp, avg(SEJ_NBJ) AS nights FROM T_MCO19B
                 WHERE SEJ_NBJ > 0 AND SOR_MOD <> '9' AND DGN_PAL IN ('S7200', 'J189', 'K359') GROUP BY 1`
            ).map(r => [String(r.dp), Number(r.nights)])
          );
          // care.json acuteStay.meanStayDaysByCode: hip fracture 11, pneumonia 8, appendectomy
          // 3 (a stay ending in death lasts until it, whatever its diagnosis).
          expect(nights.J189).toBeGreaterThan(6);
          expect(nights.J189).toBeLessThan(10.5);
          expect(nights.K359).toBeGreaterThan(1.5);
          expect(nights.K359).toBeLessThan(4.5);
          expect(nights.S7200).toBeGreaterThan(nights.K359 + 4);
        }
      );
    }, 120_000);

    it('should make one night the commonest stay with a night, with a tail past three weeks', () => {
      const lengths = rows(`SELECT SEJ_NBJ AS n, count(*) AS stays FROM T_MCO19B
        WHERE SEJ_NBJ > 0 GROUP BY 1 UNION ALL SELECT SEJ_NBJ, count(*) FROM T_MCO20B WHERE SEJ_NBJ > 0 GROUP BY 1`);
      const by = new Map<number, number>();
      lengths.forEach(r =>
        by.set(Number(r.n), (by.get(Number(r.n)) ?? 0) + Number(r.stays))
      );
      const all = [...by.values()].reduce((a, b) => a + b, 0);
      // care.json stayNightsShape 0.5: about a quarter to a third of them last one night.
      expect(by.get(1)! / all).toBeGreaterThan(0.2);
      expect(by.get(1)).toBe(Math.max(...by.values()));
      const long = [...by]
        .filter(([n]) => n > 21)
        .reduce((a, [, k]) => a + k, 0);
      expect(long / all).toBeGreaterThan(0.01);
      expect(long / all).toBeLessThan(0.1);
    });

    it('should spread the late flows over every month up to two years, fewer month after month', () => {
      const byMonth = new Map(
        rows(`SELECT date_diff('month', EXE_SOI_DTD, FLX_DIS_DTD) AS m, count(*) AS n
          FROM ER_PRS_F GROUP BY 1`).map(r => [Number(r.m), Number(r.n)])
      );
      const all = [...byMonth.values()].reduce((a, b) => a + b, 0);
      const late = [...byMonth]
        .filter(([m]) => m > 6)
        .reduce((a, [, n]) => a + n, 0);
      // care.json flowLagMonthsWeights: about 5% of the lines after 6 months.
      expect(late / all).toBeGreaterThan(0.03);
      expect(late / all).toBeLessThan(0.08);
      for (let m = 1; m <= 24; m++) {
        expect(byMonth.get(m), `month ${m}`).toBeGreaterThan(0);
      }
      // A smooth tail: no month holds far more than the month before it (no spikes).
      for (let m = 7; m <= 24; m++) {
        expect(byMonth.get(m)!, `month ${m}`).toBeLessThanOrEqual(
          1.5 * byMonth.get(m - 1)! + 10
        );
      }
    });

    it('should follow the week: few visits, dispensations and tests on Sundays, fewer on Saturdays, nursing every day', () => {
      const byDay = new Map<number, number[]>();
      rows(`SELECT PRS_NAT_REF AS nat, isodow(EXE_SOI_DTD) AS dow, count(*) AS n FROM ER_PRS_F
        WHERE DPN_QLF <> 71 AND PRS_NAT_REF IN (1110, 3313, 3211, 3111) GROUP BY 1, 2`).forEach(
        r => {
          const days = byDay.get(Number(r.nat)) ?? Array(8).fill(0);
          days[Number(r.dow)] = Number(r.n);
          byDay.set(Number(r.nat), days);
        }
      );
      const weekday = (nat: number): number =>
        byDay
          .get(nat)!
          .slice(1, 6)
          .reduce((a, b) => a + b, 0) / 5;
      // care.json weekendKeepPct: duty services only on Sundays, mornings on Saturdays.
      for (const nat of [1110, 3313, 3211]) {
        expect(byDay.get(nat)![7] / weekday(nat), `${nat} Sunday`).toBeLessThan(
          0.1
        );
        expect(
          byDay.get(nat)![6] / weekday(nat),
          `${nat} Saturday`
        ).toBeLessThan(0.8);
        expect(byDay.get(nat)![6], `${nat} Saturday`).toBeGreaterThan(
          byDay.get(nat)![7]
        );
      }
      // Nursing at home goes on at the weekend.
      expect(byDay.get(3111)![7] / weekday(3111)).toBeGreaterThan(0.5);
      // Prescriptions still come before their care.
      expect(
        one('SELECT count(*) FROM ER_PRS_F WHERE PRE_PRE_DTD > EXE_SOI_DTD')
      ).toBe(0);
    });

    it('should admit planned stays and sessions on weekdays, emergencies and deliveries on every day', () => {
      const weekend = Object.fromEntries(
        rows(`SELECT CASE WHEN b.NBR_SEA > 0 OR b.SEJ_NBJ = 0 THEN 'day' WHEN b.ENT_PRV = '5' OR substr(b.DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' THEN 'any day' ELSE 'planned' END AS k,
            avg(CAST(isodow(c.EXE_SOI_DTD) >= 6 AS INTEGER)) AS share, count(*) AS n
          FROM T_MCO19B b JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM)
          WHERE b.SEJ_TYP IS DISTINCT FROM 'B' AND b.SOR_MOD <> '9' GROUP BY 1`).map(
          r => [String(r.k), Number(r.share)]
        )
      );
      // care.json pmsi.weekendKeepPct: day surgery, day hospital and sessions from Monday to
      // Friday, a few planned stays from the Sunday; every day alike makes 2 days in 7 (0.29).
      expect(weekend.day).toBeLessThan(0.05);
      expect(weekend.planned).toBeLessThan(0.15);
      expect(weekend['any day']).toBeGreaterThan(0.18);
      expect(weekend['any day']).toBeLessThan(0.4);
    });

    it('should begin ALDs on any day of the month', () => {
      const days = rows(
        'SELECT day(IMB_ALD_DTD) AS d, count(*) AS n FROM IR_IMB_R GROUP BY 1'
      ).map(r => [Number(r.d), Number(r.n)]);
      const all = days.reduce((a, [, n]) => a + n, 0);
      expect(days.length).toBeGreaterThanOrEqual(28);
      expect(Math.max(...days.map(([, n]) => n)) / all).toBeLessThan(0.1);
    });

    it('should spread town care over every day of the month, the 29th to the 31st included', () => {
      // Lines per day of the month, for each day as often as it comes in 2019-2020.
      const rates =
        rows(`WITH days AS (SELECT day(d) AS dm, count(*) AS k FROM (SELECT unnest(range(DATE '2019-01-01', DATE '2021-01-01', INTERVAL 1 DAY))::DATE AS d) GROUP BY 1),
        lines AS (SELECT PRS_NAT_REF AS nat, day(EXE_SOI_DTD) AS dm, count(*) AS n FROM ER_PRS_F
          WHERE DPN_QLF <> 71 AND PRS_NAT_REF IN (1110, 1112, 3313, 3211) GROUP BY 1, 2)
        SELECT nat, (sum(n) FILTER (WHERE dm > 28) / sum(k) FILTER (WHERE dm > 28))
            / (sum(n) FILTER (WHERE dm <= 28) / sum(k) FILTER (WHERE dm <= 28)) AS late,
          max(n / k) / (sum(n) / sum(k)) AS peak
        FROM lines JOIN days USING (dm) GROUP BY nat`);
      expect(rates).toHaveLength(4);
      for (const r of rates) {
        expect(Number(r.late), `${r.nat}: days 29 to 31`).toBeGreaterThan(0.85);
      }
      // No day where the draws pile up (the 1st, the 28th or the last of the month).
      for (const r of rates.filter(r => [1110, 3313].includes(Number(r.nat)))) {
        expect(Number(r.peak), `${r.nat}: busiest day`).toBeLessThan(1.25);
      }
    });

    it('should leave some people with no GP visit in a year, more among the young, and a few with many', () => {
      const [r] =
        rows(`WITH gp AS (SELECT BEN_NIR_PSA, count(*) AS n FROM ER_PRS_F
          WHERE PRS_NAT_REF = 1110 AND DPN_QLF <> 71 AND year(EXE_SOI_DTD) = 2019 GROUP BY 1)
        SELECT avg(CASE WHEN gp.n IS NULL THEN 1 ELSE 0 END) AS none,
          avg(CASE WHEN gp.n IS NULL THEN 1 ELSE 0 END) FILTER (WHERE 2019 - b.BEN_NAI_ANN BETWEEN 18 AND 39) AS young,
          avg(CASE WHEN gp.n IS NULL THEN 1 ELSE 0 END) FILTER (WHERE 2019 - b.BEN_NAI_ANN >= 65) AS old,
          max(gp.n) AS most
        FROM IR_BEN_R b LEFT JOIN gp USING (BEN_NIR_PSA)
        WHERE b.BEN_DCD_DTE = DATE '1600-01-01'`);
      // care.json countSpreadShape 1.5: about one person in seven without a GP visit.
      expect(Number(r.none)).toBeGreaterThan(0.06);
      expect(Number(r.none)).toBeLessThan(0.25);
      expect(Number(r.young)).toBeGreaterThan(Number(r.old));
      expect(Number(r.most)).toBeGreaterThan(20);
    });

    it('should give acute drugs to some people, not all, and drugs of adults to adults only', () => {
      const [r] =
        rows(`WITH d AS (SELECT DISTINCT p.BEN_NIR_PSA, p.BEN_NAI_ANN, substr(m.PHA_ATC_C07, 1, 5) AS c
          FROM ${DISPENSED}
          WHERE year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0)
        SELECT count(DISTINCT BEN_NIR_PSA) FILTER (WHERE c = 'N02BE') / (SELECT count(*) FROM IR_BEN_R) AS paracetamol,
          count(DISTINCT BEN_NIR_PSA) FILTER (WHERE c = 'J01CA') / (SELECT count(*) FROM IR_BEN_R) AS amoxicillin,
          count(*) FILTER (WHERE c IN ('A02BC', 'N05CF') AND 2019 - BEN_NAI_ANN < 18) AS children_on_adult_drugs,
          count(DISTINCT c) AS classes
        FROM d`);
      // care.json acuteAtcWeights: about half the people get paracetamol, a fifth amoxicillin.
      expect(Number(r.paracetamol)).toBeGreaterThan(0.35);
      expect(Number(r.paracetamol)).toBeLessThan(0.7);
      expect(Number(r.amoxicillin)).toBeGreaterThan(0.1);
      expect(Number(r.amoxicillin)).toBeLessThan(0.35);
      expect(Number(r.children_on_adult_drugs)).toBe(0);
      expect(Number(r.classes)).toBeGreaterThan(40);
    });

    it("should give adults other drugs of the town's list, but no condition's drug to those without it", () => {
      const pha = `FROM ${DISPENSED}`;
      const profiles = readProfiles(DEFAULT_PROFILES);
      // Children get the listed acute drugs, and those of their condition or other ALD.
      const listed = [
        ...profiles.care.acuteAtc,
        ...profiles.conditions.otherAld.flatMap(g =>
          g.drugs ? chronicAtcOf(g.drugs) : []
        ),
        ...profiles.conditions.treatments.flatMap(t => t.chronicAtc)
      ];
      const [r] =
        rows(`SELECT count(DISTINCT m.PHA_ATC_C07) FILTER (WHERE year(p.EXE_SOI_DTD) - p.BEN_NAI_ANN >= 18) AS adults,
          count(DISTINCT m.PHA_ATC_C07) FILTER (WHERE year(p.EXE_SOI_DTD) - p.BEN_NAI_ANN < 18
            AND NOT list_contains([${listed.map(a => `'${a}'`).join(', ')}], m.PHA_ATC_C07)
            AND substr(m.PHA_ATC_C07, 1, 3) NOT IN ('A10', 'R03', 'N06', 'N05', 'A04', 'L01', 'L02')) AS children_other
        ${pha} WHERE p.DPN_QLF <> 71`);
      // care.json acuteOtherPct: the long tail of the town's drugs, for adults only.
      expect(Number(r.adults)).toBeGreaterThan(300);
      expect(Number(r.children_other)).toBe(0);
      // Antidiabetics are the diabetics': the cartographie flags all who get them.
      expect(
        one(`SELECT count(DISTINCT p.BEN_NIR_PSA) ${pha}
          JOIN CT_IDE_2019_GN d ON d.ben_nir_psa = p.BEN_NIR_PSA AND d.ben_rng_gem = p.BEN_RNG_GEM
          JOIN CT_IND_2019_GN i USING (id_carto)
          WHERE m.PHA_ATC_C07 LIKE 'A10%' AND year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 AND i.top_FDiabet_ind <> 1`)
      ).toBe(0);
    });

    it("should share the other acute drugs by class, not by code, so that specialists' classes stay rare", () => {
      const [r] =
        rows(`WITH d AS (SELECT DISTINCT p.BEN_NIR_PSA, substr(m.PHA_ATC_C07, 1, 3) AS c
          FROM ${DISPENSED}
          WHERE year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
            AND m.PHA_ATC_C07 NOT IN (${readProfiles(DEFAULT_PROFILES)
              .care.acuteAtc.map(a => `'${a}'`)
              .join(', ')}))
        SELECT ${['S01', 'N03', 'N04', 'J04', 'P01', 'A16']
          .map(
            c =>
              `count(*) FILTER (WHERE c = '${c}') / (SELECT count(*) FROM IR_BEN_R) AS ${c}`
          )
          .join(', ')}
        FROM d`);
      // care.json acuteOtherClassWeights (acuteAtc's own codes aside): a class's weight is
      // shared by its codes, so the 69 ophthalmic codes of S01 are one class, and anti-Parkinson drugs (N04), drugs of
      // tuberculosis (J04) or of rare metabolic diseases (A16) are far rarer than their codes.
      expect(Number(r.S01)).toBeGreaterThan(0.03);
      expect(Number(r.S01)).toBeLessThan(0.15);
      expect(Number(r.N03)).toBeLessThan(0.04);
      expect(Number(r.N04)).toBeLessThan(0.015);
      expect(Number(r.P01)).toBeLessThan(0.04);
      expect(Number(r.J04)).toBeLessThan(0.004);
      expect(Number(r.A16)).toBeLessThan(0.004);
    });

    it('should give thyroid hormones monthly to about one person in 25, most of them women', () => {
      const [r] =
        rows(`WITH u AS (SELECT p.BEN_NIR_PSA, any_value(p.BEN_SEX_COD) AS sex, any_value(p.BEN_NAI_ANN) AS born,
            bool_or(m.PHA_ATC_C07 LIKE 'H03%') AS thyroid, bool_or(m.PHA_ATC_C07 LIKE 'M05B%') AS bone
          FROM ${DISPENSED}
          WHERE (m.PHA_ATC_C07 LIKE 'H03%' OR m.PHA_ATC_C07 LIKE 'M05B%') AND year(p.EXE_SOI_DTD) = 2019
            AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 GROUP BY 1),
          t AS (${monthsTreated("m.PHA_ATC_C07 LIKE 'H03%'")})
        SELECT count(*) FILTER (WHERE thyroid) / (SELECT count(DISTINCT BEN_NIR_PSA) FROM IR_BEN_R) AS thyroid,
          count(*) FILTER (WHERE thyroid AND sex = 2) / count(*) FILTER (WHERE thyroid) AS thyroid_women,
          (SELECT median(months) FROM t) AS thyroid_months,
          count(*) FILTER (WHERE bone AND sex = 2) / count(*) FILTER (WHERE bone) AS bone_women,
          min(2019 - born) FILTER (WHERE bone) AS bone_youngest
        FROM u`);
      // conditions.json treatments: levothyroxine for about 4% of people, four in five of them
      // women; bisphosphonates for women after the menopause, a few men.
      expect(Number(r.thyroid)).toBeGreaterThan(0.025);
      expect(Number(r.thyroid)).toBeLessThan(0.07);
      expect(Number(r.thyroid_women)).toBeGreaterThan(0.7);
      expect(Number(r.thyroid_months)).toBeGreaterThanOrEqual(10);
      expect(Number(r.bone_women)).toBeGreaterThan(0.75);
      expect(Number(r.bone_youngest)).toBeGreaterThanOrEqual(40);
    });

    it('should dispense antihistamines in spring and the flu vaccine in autumn', () => {
      const [r] = rows(`SELECT
          count(*) FILTER (WHERE m.PHA_ATC_C07 LIKE 'R06%' AND month(p.EXE_SOI_DTD) IN (4, 5, 6)) AS r06_spring,
          count(*) FILTER (WHERE m.PHA_ATC_C07 LIKE 'R06%' AND month(p.EXE_SOI_DTD) IN (10, 11, 12)) AS r06_autumn,
          count(*) FILTER (WHERE m.PHA_ATC_C07 LIKE 'J07BB%' AND month(p.EXE_SOI_DTD) IN (10, 11, 12)) AS flu_autumn,
          count(*) FILTER (WHERE m.PHA_ATC_C07 LIKE 'J07BB%' AND month(p.EXE_SOI_DTD) BETWEEN 3 AND 8) AS flu_summer
        FROM ${DISPENSED}
        WHERE p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0`);
      expect(Number(r.r06_spring)).toBeGreaterThan(1.3 * Number(r.r06_autumn));
      expect(Number(r.flu_autumn)).toBeGreaterThan(5 * Number(r.flu_summer));
    });

    it('should give treated diabetics one to four antidiabetics, most of them one or two', () => {
      const counts =
        rows(`SELECT n, count(*) AS people FROM (SELECT p.BEN_NIR_PSA, count(DISTINCT m.PHA_ATC_C07) AS n
          FROM ${DISPENSED}
          WHERE m.PHA_ATC_C07 LIKE 'A10%' AND year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 GROUP BY 1) GROUP BY 1`);
      const by = new Map(counts.map(r => [Number(r.n), Number(r.people)]));
      const all = [...by.values()].reduce((a, b) => a + b, 0);
      // conditions.json chronicDrugsWeights [45, 35, 15, 5].
      expect(Math.max(...by.keys())).toBeLessThanOrEqual(4);
      expect((by.get(1) ?? 0) / all).toBeGreaterThan(0.3);
      expect(((by.get(1) ?? 0) + (by.get(2) ?? 0)) / all).toBeGreaterThan(0.65);
      expect((by.get(3) ?? 0) + (by.get(4) ?? 0)).toBeGreaterThan(0);
    });

    it('should pass long stays, not short ones, through several units', () => {
      const units =
        rows(`SELECT b.NBR_RUM AS n, count(*) AS stays, avg(b.SEJ_NBJ) AS nights
        FROM T_MCO19B b WHERE b.NBR_SEA = 0 GROUP BY 1 ORDER BY 1`);
      expect(Number(units[0].n)).toBe(1);
      // Most stays have one unit (about four in five here).
      expect(Number(units[0].stays)).toBeGreaterThan(
        0.75 * units.reduce((a, r) => a + Number(r.stays), 0)
      );
      expect(units.length).toBeGreaterThan(1);
      expect(Number(units[1].nights)).toBeGreaterThan(
        1 + Number(units[0].nights)
      );
      expect(
        one('SELECT count(*) FROM T_MCO19B WHERE NBR_RUM > 1 AND SEJ_NBJ < 2')
      ).toBe(0);
    });

    it("should do a treated diabetic's HbA1c checks, and a PSA only for men from 50", () => {
      // By person (BEN_NIR_PSA), 2019: HbA1c acts (NABM 1577) of lines counted once.
      const [r] =
        rows(`WITH bio AS (SELECT p.BEN_NIR_PSA, count(*) FILTER (WHERE f.BIO_PRS_IDE = 1577) AS hba1c
            FROM ER_BIO_F f JOIN ER_PRS_F p USING (${PHA_KEY})
            WHERE year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 GROUP BY 1),
          diabetic AS (SELECT r.BEN_NIR_PSA FROM ER_PHA_F f JOIN ER_PRS_F r USING (${PHA_KEY})
            JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13 WHERE m.PHA_ATC_C07 LIKE 'A10%' AND year(r.EXE_SOI_DTD) = 2019
            GROUP BY 1 HAVING count(DISTINCT r.EXE_SOI_DTD) >= 3)
        SELECT count(*) FILTER (WHERE d.BEN_NIR_PSA IS NOT NULL) AS diabetics,
          count(*) FILTER (WHERE d.BEN_NIR_PSA IS NOT NULL AND coalesce(bio.hba1c, 0) >= 2) AS followed,
          sum(bio.hba1c) FILTER (WHERE d.BEN_NIR_PSA IS NOT NULL) / sum(bio.hba1c) AS diabetics_share
        FROM (SELECT DISTINCT BEN_NIR_PSA FROM IR_BEN_R) b LEFT JOIN diabetic d USING (BEN_NIR_PSA) LEFT JOIN bio USING (BEN_NIR_PSA)`);
      // conditions.json diabetes: a Poisson count of mean three check-ups a year, each with an
      // HbA1c (HAS: every 3 to 6 months), so four in five get two or more; the other people's
      // check-ups have none (untreated diabetics aside).
      expect(Number(r.diabetics)).toBeGreaterThan(50);
      expect(Number(r.followed) / Number(r.diabetics)).toBeGreaterThan(0.7);
      expect(Number(r.diabetics_share)).toBeGreaterThan(0.75);
      expect(
        one(`SELECT count(*) FROM ER_BIO_F f JOIN ER_PRS_F p USING (${PHA_KEY})
             WHERE f.BIO_PRS_IDE = 7318 AND (p.BEN_SEX_COD = 2 OR year(p.EXE_SOI_DTD) - p.BEN_NAI_ANN < 50)`)
      ).toBe(0);
      expect(
        one('SELECT count(*) FROM ER_BIO_F WHERE BIO_PRS_IDE = 7318')
      ).toBeGreaterThan(0);
    });

    it('should follow the treated with their check-ups: a TSH under levothyroxine, a uricaemia under a urate-lowering drug', () => {
      // By person (BEN_NIR_PSA), 2019: users of a class (a dispensation in the year) and their
      // tests of an act (NABM 1208 TSH, 0532 uricaemia).
      const tested = (atc: string, act: number): Record<string, unknown> =>
        rows(`WITH users AS (SELECT DISTINCT p.BEN_NIR_PSA FROM ${DISPENSED}
            WHERE m.PHA_ATC_C07 LIKE '${atc}%' AND year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71),
          tests AS (SELECT p.BEN_NIR_PSA, count(*) AS n FROM ER_BIO_F f JOIN ER_PRS_F p USING (${PHA_KEY})
            WHERE f.BIO_PRS_IDE = ${act} AND year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 GROUP BY 1)
        SELECT count(u.BEN_NIR_PSA) AS users,
          avg(CASE WHEN t.n IS NOT NULL THEN 1 ELSE 0 END) FILTER (WHERE u.BEN_NIR_PSA IS NOT NULL) AS users_tested,
          avg(CASE WHEN t.n IS NOT NULL THEN 1 ELSE 0 END) FILTER (WHERE u.BEN_NIR_PSA IS NULL) AS others_tested,
          sum(t.n) FILTER (WHERE u.BEN_NIR_PSA IS NOT NULL) / sum(t.n) AS users_share
        FROM (SELECT DISTINCT BEN_NIR_PSA FROM IR_BEN_R) b LEFT JOIN users u USING (BEN_NIR_PSA) LEFT JOIN tests t USING (BEN_NIR_PSA)`)[0];
      // conditions.json treatments: thyroid, a TSH 1.5 times a year (about four in five
      // tested); the others' TSH come from care.json's check-ups (about one in ten).
      const tsh = tested('H03AA', 1208);
      expect(Number(tsh.users)).toBeGreaterThan(40);
      expect(Number(tsh.users_tested)).toBeGreaterThan(0.6);
      expect(Number(tsh.others_tested)).toBeLessThan(0.25);
      // gout: a uricaemia once a year, which no other check-up has.
      const uric = tested('M04AA', 532);
      expect(Number(uric.users)).toBeGreaterThan(10);
      expect(Number(uric.users_tested)).toBeGreaterThan(0.35);
      expect(Number(uric.users_share)).toBeGreaterThan(0.9);
    });

    it('should anticoagulate most people with atrial fibrillation, and only them, without aspirin', () => {
      // Person-years flagged with a rhythm disorder (the cardiovascular condition's I48) and
      // their dispensations of an oral anticoagulant (B01AA, B01AE, B01AF) or aspirin (B01AC06).
      const [r] =
        rows(`WITH af AS (SELECT DISTINCT d.ben_nir_psa AS psa, y FROM (
              SELECT *, 2019 AS y FROM CT_IND_2019_GN WHERE top_CvTrRyC_ind = 1
              UNION ALL BY NAME SELECT *, 2020 AS y FROM CT_IND_2020_GN WHERE top_CvTrRyC_ind = 1) i
            JOIN (SELECT *, 2019 AS y FROM CT_IDE_2019_GN UNION ALL BY NAME SELECT *, 2020 AS y FROM CT_IDE_2020_GN) d USING (id_carto, y)),
          drug AS (SELECT DISTINCT p.BEN_NIR_PSA AS psa, year(p.EXE_SOI_DTD) AS y,
              CASE WHEN m.PHA_ATC_C07 = 'B01AC06' THEN 'aspirin' ELSE 'oac' END AS kind
            FROM ${DISPENSED}
            WHERE (${ORAL_ANTICOAGULANT} OR m.PHA_ATC_C07 = 'B01AC06') AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0)
        SELECT (SELECT count(*) FROM af) AS af,
          (SELECT count(*) FROM af JOIN drug USING (psa, y) WHERE kind = 'oac') AS af_oac,
          (SELECT count(*) FROM af JOIN drug USING (psa, y) WHERE kind = 'aspirin') AS af_aspirin,
          (SELECT count(*) FROM drug WHERE kind = 'oac') AS oac,
          (SELECT count(*) FROM drug JOIN af USING (psa, y) WHERE kind = 'oac') AS oac_af`);
      // conditions.json cardiovascular chronicAtcByCode I48: the anticoagulant for about three
      // in four (the drug ladder), aspirin only from an other ALD's drugs (arteriopathy).
      expect(Number(r.af)).toBeGreaterThan(15);
      expect(Number(r.af_oac) / Number(r.af)).toBeGreaterThan(0.5);
      expect(Number(r.af_aspirin) / Number(r.af)).toBeLessThan(0.15);
      expect(Number(r.oac_af) / Number(r.oac)).toBeGreaterThan(0.95);
    });

    it('should give each anticoagulated person one anticoagulant of five, for good, and an INR with a vitamin K antagonist', () => {
      // Person-years with an oral anticoagulant, and their INR tests (NABM 0127).
      const [r] =
        rows(`WITH oac AS (SELECT p.BEN_NIR_PSA AS psa, year(p.EXE_SOI_DTD) AS y, m.PHA_ATC_C07 AS atc
            FROM ${DISPENSED} WHERE ${ORAL_ANTICOAGULANT} AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0),
          py AS (SELECT psa, y, count(DISTINCT atc) AS drugs, bool_or(atc LIKE 'B01AA%') AS vka FROM oac GROUP BY ALL),
          inr AS (SELECT p.BEN_NIR_PSA AS psa, year(p.EXE_SOI_DTD) AS y, count(*) AS n
            FROM ER_BIO_F f JOIN ER_PRS_F p USING (${PHA_KEY})
            WHERE f.BIO_PRS_IDE = 127 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 GROUP BY ALL)
        SELECT count(*) AS person_years, count(*) FILTER (WHERE drugs > 1) AS two_drugs,
          count(*) FILTER (WHERE vka) AS vka,
          avg(coalesce(inr.n, 0)) FILTER (WHERE vka) AS vka_inr,
          avg(CAST(inr.n IS NOT NULL AS INTEGER)) FILTER (WHERE vka) AS vka_tested,
          count(inr.n) FILTER (WHERE NOT vka) AS doac_tested,
          (SELECT count(*) FROM inr WHERE (psa, y) NOT IN (SELECT (psa, y) FROM py)) AS others_tested,
          (SELECT count(DISTINCT atc) FROM oac) AS kinds,
          (SELECT count(*) FROM (SELECT psa FROM oac GROUP BY psa HAVING count(DISTINCT atc) > 1)) AS switched
        FROM py LEFT JOIN inr USING (psa, y)`);
      // conditions.json cardiovascular chronicAtcChoices: five anticoagulants, a third of their
      // users on a vitamin K antagonist, chosen once per person; an INR 14 times a year for them.
      expect(Number(r.person_years)).toBeGreaterThan(20);
      expect(Number(r.two_drugs)).toBe(0);
      expect(Number(r.switched)).toBe(0);
      expect(Number(r.kinds)).toBeGreaterThanOrEqual(3);
      expect(Number(r.vka) / Number(r.person_years)).toBeGreaterThan(0.15);
      expect(Number(r.vka) / Number(r.person_years)).toBeLessThan(0.55);
      expect(Number(r.vka_inr)).toBeGreaterThan(9);
      expect(Number(r.vka_tested)).toBeGreaterThan(0.9);
      expect(Number(r.doac_tested)).toBe(0);
      expect(Number(r.others_tested)).toBe(0);
    });

    it("should give a chosen drug's check-ups to its users alone, from a weighted list's second drug too", async () => {
      // Diabetes's second drug (gliclazide, chronicAtc weighted) replaced by a choice with a
      // test of its own (NABM 1014), which no other check-up has.
      const profiles = readProfiles(DEFAULT_PROFILES);
      const diabetes = profiles.conditions.conditions.find(
        c => c.id === 'diabetes'
      )!;
      expect(diabetes.chronicAtc.indexOf('A10BB09')).toBe(1);
      diabetes.chronicAtcChoices = {
        A10BB09: [
          { atc: 'A10BB09', weight: 1 },
          {
            atc: 'A10BB12',
            weight: 1,
            biologyPerYear: 6,
            biologyPanels: [{ name: 'test', acts: [1014], weight: 1 }]
          }
        ]
      };
      const made = await compileProgram({ dictionary, loader, profiles });
      await withDataset(
        { patients: 10_000, seed: 9, years: [2019], products: ['dcir'] },
        own => {
          const [r] = rowsIn(
            own,
            `WITH users AS (SELECT DISTINCT p.BEN_NIR_PSA AS psa, m.PHA_ATC_C07 AS atc FROM ${DISPENSED}
                WHERE m.PHA_ATC_C07 IN ('A10BB09', 'A10BB12') AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0),
              tested AS (SELECT DISTINCT p.BEN_NIR_PSA AS psa FROM ER_BIO_F f JOIN ER_PRS_F p USING (${PHA_KEY})
                WHERE f.BIO_PRS_IDE = 1014 AND p.DPN_QLF <> 71)
            SELECT count(*) FILTER (WHERE atc = 'A10BB12') AS chosen,
              count(*) FILTER (WHERE atc = 'A10BB09') AS kept,
              count(*) FILTER (WHERE atc = 'A10BB12' AND psa IN (SELECT psa FROM tested)) AS chosen_tested,
              count(*) FILTER (WHERE atc = 'A10BB09' AND psa IN (SELECT psa FROM tested)) AS kept_tested,
              (SELECT count(*) FROM tested WHERE psa NOT IN (SELECT psa FROM users WHERE atc = 'A10BB12')) AS others_tested
            FROM users`
          );
          // About half of the sulfonylurea's users each; a Poisson count of mean 6 is rarely 0.
          expect(Number(r.chosen)).toBeGreaterThan(30);
          expect(Number(r.kept)).toBeGreaterThan(30);
          expect(Number(r.chosen_tested) / Number(r.chosen)).toBeGreaterThan(
            0.95
          );
          expect(Number(r.kept_tested)).toBe(0);
          expect(Number(r.others_tested)).toBe(0);
        },
        made
      );
    });

    it('should give most people a biology check-up in a year, the more so with age', () => {
      const [r] =
        rows(`WITH n AS (SELECT BEN_NIR_PSA, count(*) AS lines FROM ER_PRS_F
            WHERE PRS_NAT_REF = 3211 AND year(EXE_SOI_DTD) = 2019 AND DPN_QLF <> 71 AND PRS_ACT_QTE > 0 GROUP BY 1),
          b AS (SELECT DISTINCT BEN_NIR_PSA, 2019 - BEN_NAI_ANN AS age FROM IR_BEN_R)
        SELECT avg(CASE WHEN n.lines IS NOT NULL THEN 1 ELSE 0 END) AS anyone, avg(coalesce(n.lines, 0)) AS per_person,
          avg(CASE WHEN n.lines IS NOT NULL THEN 1 ELSE 0 END) FILTER (WHERE age >= 75) AS old,
          avg(CASE WHEN n.lines IS NOT NULL THEN 1 ELSE 0 END) FILTER (WHERE age < 15) AS children
        FROM b LEFT JOIN n USING (BEN_NIR_PSA)`);
      // care.json biologyPerYear: about 1.8 check-ups a person, 60% of people with one.
      expect(Number(r.anyone)).toBeGreaterThan(0.5);
      expect(Number(r.anyone)).toBeLessThan(0.75);
      expect(Number(r.per_person)).toBeGreaterThan(1.4);
      expect(Number(r.old)).toBeGreaterThan(0.8);
      expect(Number(r.children)).toBeLessThan(0.3);
    });

    it('should give nursing to few people, most of them old, as periods of daily care at the AMI', () => {
      const { care } = readProfiles(DEFAULT_PROFILES);
      const [spend] =
        rows(`SELECT sum(BSE_REM_BSE) FILTER (WHERE PRS_NAT_REF = 3111) AS nursing,
          sum(BSE_REM_BSE) FILTER (WHERE PRS_NAT_REF = 3211) AS biology, sum(BSE_REM_BSE) FILTER (WHERE PRS_NAT_REF = 1110) AS gp
        FROM ER_PRS_F WHERE year(EXE_SOI_DTD) = 2019 AND DPN_QLF <> 71`);
      // care.json nursingCare: town nursing weighs more than biology, about as much as GP visits
      // (DREES health accounts).
      expect(Number(spend.nursing)).toBeGreaterThan(Number(spend.biology));
      expect(Number(spend.nursing)).toBeGreaterThan(0.5 * Number(spend.gp));
      const [r] =
        rows(`WITH n AS (SELECT BEN_NIR_PSA, sum(EXE_SOI_DTF - EXE_SOI_DTD + 1) AS days FROM ER_PRS_F
            WHERE PRS_NAT_REF = 3111 AND year(EXE_SOI_DTD) = 2019 AND DPN_QLF <> 71 AND PRS_ACT_QTE > 0 GROUP BY 1),
          b AS (SELECT DISTINCT BEN_NIR_PSA, 2019 - BEN_NAI_ANN AS age FROM IR_BEN_R)
        SELECT avg(CASE WHEN n.days IS NOT NULL THEN 1 ELSE 0 END) FILTER (WHERE age >= 75) AS old,
          avg(CASE WHEN n.days >= 90 THEN 1 ELSE 0 END) FILTER (WHERE age >= 75) AS old_long,
          avg(CASE WHEN n.days IS NOT NULL THEN 1 ELSE 0 END) FILTER (WHERE age BETWEEN 15 AND 44) AS young
        FROM b LEFT JOIN n USING (BEN_NIR_PSA)`);
      // Over half of the people from 75 get nursing, a fifth of them most of the year; few young adults.
      expect(Number(r.old)).toBeGreaterThan(0.35);
      expect(Number(r.old_long)).toBeGreaterThan(0.08);
      expect(Number(r.young)).toBeLessThan(0.3);
      expect(
        one(
          `SELECT count(*) FROM ER_PRS_F WHERE PRS_NAT_REF = 3111 AND abs(BSE_REM_PRU - PRS_ACT_CFT * ${care.prices.nursing}) > 0.005`
        )
      ).toBe(0);
    });

    it('should have a nurse inject the insulin of some of its users, every day, most of them old', async () => {
      // The shipped profiles with diabetes's drugNursing at AMI 3, which no other nursing line
      // has, to tell its lines apart; and the same without drugNursing.
      const profiles = readProfiles(DEFAULT_PROFILES);
      const diabetes = profiles.conditions.conditions.find(
        c => c.id === 'diabetes'
      )!;
      diabetes.drugNursing!.coefficient = 3;
      const marked = await compileProgram({ dictionary, loader, profiles });
      delete diabetes.drugNursing;
      const without = await compileProgram({ dictionary, loader, profiles });
      // By person: insulin (A10A) dispensed in 2019, and days of nursing (AMI 3: drugNursing's).
      const measure = (own: EngineSession): Record<string, unknown> =>
        rowsIn(
          own,
          `WITH person AS (SELECT DISTINCT BEN_NIR_PSA, 2019 - BEN_NAI_ANN AS age FROM IR_BEN_R),
            insulin AS (SELECT DISTINCT p.BEN_NIR_PSA, true AS takes FROM ${DISPENSED}
              WHERE m.PHA_ATC_C07 LIKE 'A10A%' AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0),
            nursing AS (SELECT BEN_NIR_PSA, PRS_ACT_CFT = 3 AS marked, EXE_SOI_DTD AS a, EXE_SOI_DTF AS b, EXO_MTF, PRE_PRE_DTD
              FROM ER_PRS_F WHERE PRS_NAT_REF = 3111 AND DPN_QLF <> 71 AND PRS_ACT_QTE > 0),
            days AS (SELECT BEN_NIR_PSA, count(DISTINCT d) FILTER (WHERE marked) AS marked_days, count(DISTINCT d) AS all_days
              FROM (SELECT *, unnest(generate_series(a, b, INTERVAL 1 DAY)) AS d FROM nursing) GROUP BY 1),
            p AS (SELECT age, coalesce(takes, false) AS takes, coalesce(marked_days, 0) >= 250 AS daily, coalesce(all_days, 0) >= 250 AS any_daily
              FROM person LEFT JOIN insulin USING (BEN_NIR_PSA) LEFT JOIN days USING (BEN_NIR_PSA))
          SELECT count(*) FILTER (WHERE takes AND age >= 80) AS old_users,
            avg(CAST(daily AS INTEGER)) FILTER (WHERE takes AND age >= 80) AS old_users_daily,
            avg(CAST(any_daily AS INTEGER)) FILTER (WHERE takes AND age >= 80) AS old_users_any_daily,
            avg(CAST(daily AS INTEGER)) FILTER (WHERE takes AND age < 60) AS young_users_daily,
            avg(CAST(any_daily AS INTEGER)) FILTER (WHERE NOT takes AND age >= 80) AS old_others_daily,
            (SELECT count(*) FROM nursing WHERE marked) AS lines,
            (SELECT count(*) FROM nursing x JOIN nursing y USING (BEN_NIR_PSA)
              WHERE x.marked AND y.marked AND x.a < y.a AND y.a <= x.b) AS overlaps,
            (SELECT count(*) FROM nursing WHERE marked AND (PRE_PRE_DTD > a OR year(b) <> 2019)) AS misdated,
            (SELECT avg(CAST(EXO_MTF = 42 AS INTEGER)) FROM nursing WHERE marked) AS at_100
          FROM p`
        )[0];
      const options = {
        patients: 20_000,
        seed: 5,
        years: [2019],
        products: ['dcir']
      };
      let before: Record<string, unknown> = {};
      await withDataset(options, own => (before = measure(own)), without);
      await withDataset(
        options,
        own => {
          const r = measure(own);
          // conditions.json diabetes drugNursing: nearly half of the insulin users from 80, few
          // before 60 (Entred); daily care otherwise rare at any age, and without it.
          expect(Number(before.lines)).toBe(0);
          expect(Number(before.old_users_any_daily)).toBeLessThan(0.1);
          expect(Number(r.old_users)).toBeGreaterThan(20);
          expect(Number(r.old_users_daily)).toBeGreaterThan(0.2);
          expect(Number(r.young_users_daily)).toBeLessThan(0.1);
          expect(Number(r.old_others_daily)).toBeLessThan(0.1);
          // One line after another, each prescribed at or before its first day, in the year;
          // paid at 100% for a diabetic in ALD (85%), as their insulin.
          expect(Number(r.lines)).toBeGreaterThan(300);
          expect(Number(r.overlaps)).toBe(0);
          expect(Number(r.misdated)).toBe(0);
          expect(Number(r.at_100)).toBeGreaterThan(0.6);
        },
        marked
      );
    }, 180_000);

    it('should send the people of an other ALD to its specialist, at 100%', () => {
      const pairs = readProfiles(DEFAULT_PROFILES)
        .conditions.otherAld.filter(g => g.specialist)
        .map(g => `(${g.ald}, ${g.specialist!.specialty})`);
      const [r] = rows(`WITH pairs(ald, spe) AS (VALUES ${pairs.join(', ')}),
          person AS (SELECT DISTINCT BEN_NIR_PSA, BEN_NIR_ANO FROM IR_BEN_R),
          inald AS (SELECT DISTINCT p.BEN_NIR_ANO, pairs.spe FROM IR_IMB_R i JOIN person p USING (BEN_NIR_PSA)
            JOIN pairs ON pairs.ald = i.IMB_ALD_NUM WHERE i.IMB_ALD_DTD <= DATE '2019-01-01'),
          visits AS (SELECT p.BEN_NIR_ANO, f.PSE_SPE_COD AS spe, f.EXO_MTF FROM ER_PRS_F f JOIN person p USING (BEN_NIR_PSA)
            WHERE f.PRS_NAT_REF = 1112 AND year(f.EXE_SOI_DTD) = 2019 AND f.DPN_QLF <> 71 AND f.PRS_ACT_QTE > 0)
        SELECT count(DISTINCT a.BEN_NIR_ANO) AS people, count(DISTINCT v.BEN_NIR_ANO) AS seen,
          count(v.spe) AS visits, count(v.spe) FILTER (WHERE v.EXO_MTF IS DISTINCT FROM 42) AS not_at_100
        FROM inald a LEFT JOIN visits v ON v.BEN_NIR_ANO = a.BEN_NIR_ANO AND v.spe = a.spe`);
      // conditions.json otherAld specialist: a neurologist for multiple sclerosis, Parkinson's
      // disease and dementias, a rheumatologist for rheumatoid arthritis… (one to three visits a
      // year): most see theirs in a year, in relation to the ALD.
      expect(Number(r.people)).toBeGreaterThan(50);
      expect(Number(r.seen) / Number(r.people)).toBeGreaterThan(0.5);
      expect(Number(r.visits)).toBeGreaterThan(1.5 * Number(r.seen));
      expect(Number(r.not_at_100)).toBe(0);
    });

    it("should pay at 100% the GP visits that renew an ALD's drugs", () => {
      const [r] =
        rows(`WITH ald AS (SELECT DISTINCT b.BEN_NIR_ANO FROM IR_IMB_R a
            JOIN IR_BEN_R b ON b.BEN_NIR_PSA = a.BEN_NIR_PSA AND b.BEN_RNG_GEM = a.BEN_RNG_GEM),
          gp AS (SELECT p.BEN_NIR_PSA, p.EXE_SOI_DTD, p.PFS_EXE_NUM, p.EXO_MTF FROM ER_PRS_F p
            JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM
            WHERE p.PRS_NAT_REF IN (1110, 1192) AND p.DPN_QLF <> 71 AND p.PRS_ORD_NUM = 1
              AND b.BEN_NIR_ANO IN (SELECT BEN_NIR_ANO FROM ald)),
          renewed AS (SELECT DISTINCT p.BEN_NIR_PSA, p.PRE_PRE_DTD, p.PFS_PRE_NUM FROM ${DISPENSED}
            WHERE p.EXO_MTF = 42 AND p.DPN_QLF <> 71)
        SELECT count(*) AS visits, count(*) FILTER (WHERE EXO_MTF = 42) AS full,
          count(*) FILTER (WHERE EXO_MTF = 42 AND NOT EXISTS (SELECT 1 FROM renewed w WHERE w.BEN_NIR_PSA = gp.BEN_NIR_PSA
            AND w.PRE_PRE_DTD = gp.EXE_SOI_DTD AND w.PFS_PRE_NUM = gp.PFS_EXE_NUM)) AS alone
        FROM gp`);
      // Renewals are about one in three of an ALD patient's GP visits; the others, acute care,
      // stay at 70%. A visit at 100% renews drugs at 100% that day (a few move out of a stay).
      const full = Number(r.full) / Number(r.visits);
      expect(full).toBeGreaterThan(0.2);
      expect(full).toBeLessThan(0.7);
      expect(Number(r.alone)).toBeLessThan(0.05 * Number(r.full));
      // None once the ALD's drugs have stopped (a condition ended, hormone therapy after a
      // breast cancer's five years): drugs at 100% are given within 100 days of each.
      expect(
        one(`SELECT count(*) FROM ER_PRS_F v JOIN IR_BEN_R b ON b.BEN_NIR_PSA = v.BEN_NIR_PSA AND b.BEN_RNG_GEM = v.BEN_RNG_GEM
          WHERE v.PRS_NAT_REF IN (1110, 1192) AND v.EXO_MTF = 42 AND v.DPN_QLF <> 71 AND v.PRS_ORD_NUM = 1
            AND NOT EXISTS (SELECT 1 FROM ${DISPENSED} JOIN IR_BEN_R b2 ON b2.BEN_NIR_PSA = p.BEN_NIR_PSA AND b2.BEN_RNG_GEM = p.BEN_RNG_GEM
              WHERE b2.BEN_NIR_ANO = b.BEN_NIR_ANO AND p.EXO_MTF = 42 AND abs(p.EXE_SOI_DTD - v.EXE_SOI_DTD) <= 100)`)
      ).toBe(0);
    });

    it('should send only women from 15 to gynaecologists, and pay at 100% only care in relation to an ALD', () => {
      const { conditions, otherAld } =
        readProfiles(DEFAULT_PROFILES).conditions;
      const specialties = [
        ...conditions.map(c => c.specialty),
        ...otherAld.flatMap(g => (g.specialist ? [g.specialist.specialty] : []))
      ];
      expect(
        one(`SELECT count(*) FROM ER_PRS_F WHERE PSE_SPE_COD = 7
               AND (BEN_SEX_COD = 1 OR year(EXE_SOI_DTD) - BEN_NAI_ANN < 15)`)
      ).toBe(0);
      expect(
        one('SELECT count(*) FROM ER_PRS_F WHERE PSE_SPE_COD = 7')
      ).toBeGreaterThan(0);
      // IR_EXO_V 42: in ALD, care in relation to the affection; 41 would say "without relation".
      expect(
        one(
          'SELECT count(*) FROM ER_PRS_F WHERE (EXO_MTF = 42) <> (RGO_REM_TAU = 100) OR EXO_MTF = 41'
        )
      ).toBe(0);
      expect(
        one('SELECT count(*) FROM ER_PRS_F WHERE EXO_MTF = 42')
      ).toBeGreaterThan(0);
      // A specialist at 100% is the one of a condition or other ALD; the others see ALD
      // patients at 70%.
      expect(
        one(`SELECT count(*) FROM ER_PRS_F WHERE PRS_NAT_REF = 1112 AND RGO_REM_TAU = 100
               AND PSE_SPE_COD NOT IN (${specialties.join(', ')})`)
      ).toBe(0);
      expect(
        // The person, not the BEN_NIR_PSA: ALDs are under the first of a person's two.
        one(`WITH ald AS (SELECT DISTINCT b.BEN_NIR_ANO FROM IR_IMB_R a
               JOIN IR_BEN_R b ON b.BEN_NIR_PSA = a.BEN_NIR_PSA AND b.BEN_RNG_GEM = a.BEN_RNG_GEM)
             SELECT count(*) FROM ER_PRS_F p
             JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM
             WHERE p.RGO_REM_TAU = 100 AND b.BEN_NIR_ANO NOT IN (SELECT BEN_NIR_ANO FROM ald)`)
      ).toBe(0);
      // Deaths fall on any day of the month, the 29th to the 31st too.
      expect(
        one(
          "SELECT max(day(BEN_DCD_DTE)) FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01'"
        )
      ).toBeGreaterThan(28);
    });

    it('should send children, and them only, to paediatricians, and adults only to rheumatologists', () => {
      const by = Object.fromEntries(
        rows(`SELECT (CASE WHEN year(EXE_SOI_DTD) - BEN_NAI_ANN < 15 THEN 'child' ELSE 'adult' END) || PSE_SPE_COD AS k, count(*) AS n
          FROM ER_PRS_F WHERE PRS_NAT_REF = 1112 AND DPN_QLF <> 71 GROUP BY 1`).map(
          r => [String(r.k), Number(r.n)]
        )
      );
      expect(by.adult12 ?? 0).toBe(0);
      expect(by.child14 ?? 0).toBe(0);
      // care.json specialties.childrenUnder15: half of the children's visits to these specialists.
      const childOthers = ['5', '11', '15'].reduce(
        (a, k) => a + (by[`child${k}`] ?? 0),
        0
      );
      expect(by.child12 / (by.child12 + childOthers)).toBeGreaterThan(0.35);
      expect(by.child12 / (by.child12 + childOthers)).toBeLessThan(0.65);
    });

    it('should give the CMU complémentaire to about 8% of people, more to the young, on their care and in the cartographie', () => {
      const [r] =
        rows(`WITH p AS (SELECT BEN_NIR_PSA, any_value(BEN_NAI_ANN) AS nai, count(DISTINCT BEN_CMU_TOP) AS kinds, max(BEN_CMU_TOP) AS cmu
          FROM ER_PRS_F WHERE year(EXE_SOI_DTD) = 2019 GROUP BY 1)
        SELECT avg(cmu) AS share, avg(cmu) FILTER (WHERE 2019 - nai < 20) AS young, avg(cmu) FILTER (WHERE 2019 - nai >= 65) AS old,
          max(kinds) AS kinds FROM p`);
      expect(Number(r.share)).toBeGreaterThan(0.05);
      expect(Number(r.share)).toBeLessThan(0.12);
      expect(Number(r.young)).toBeGreaterThan(2 * Number(r.old));
      // A person keeps it all year, on every line.
      expect(Number(r.kinds)).toBe(1);
      expect(
        one(`SELECT count(*) FROM CT_IND_2019_GN i JOIN CT_IDE_2019_GN d USING (id_carto)
          JOIN (SELECT BEN_NIR_PSA, max(BEN_CMU_TOP) AS cmu FROM ER_PRS_F WHERE year(EXE_SOI_DTD) = 2019 GROUP BY 1) p
            ON p.BEN_NIR_PSA = d.ben_nir_psa WHERE i.cmu <> p.cmu`)
      ).toBe(0);
    });

    it('should give death certificates that agree with the person, the place and the stays', () => {
      const inHospital = one(
        'SELECT avg(CASE WHEN DCD_LIE_COD IN (2, 3) THEN 1 ELSE 0 END) FROM KI_CCI_R'
      );
      // About half of the deaths happen in a health establishment (INSEE); a few dozen here.
      expect(inHospital).toBeGreaterThan(0.25);
      expect(inHospital).toBeLessThan(0.8);
      const inMco = one("SELECT count(*) FROM T_MCO19B WHERE SOR_MOD = '9'");
      expect(inMco).toBeGreaterThan(0);
      expect(inMco).toBeLessThanOrEqual(
        one(
          'SELECT count(*) FROM KI_CCI_R WHERE FLX_PER_ANN = 2019 AND DCD_LIE_COD IN (2, 3)'
        )
      );
      expect(
        one(
          "SELECT count(*) FROM KI_CCI_R WHERE FLX_PER_ANN - BEN_NAI_ANN >= 80 AND CAT_PCS_COD <> '7'"
        )
      ).toBe(0);
      // A stay ending in death is for the cause of death (a condition's code), or for the
      // diagnosis deaths.json gives a cause outside the conditions: never a cataract.
      // Both years: a few dozen stays ending in death.
      const deathStays = rows(`SELECT k.DCD_CIM_COD AS cause, s.DGN_PAL AS dp
        FROM ${DEATH_STAYS}`);
      expect(deathStays.length).toBeGreaterThan(5);
      const { deaths, conditions } = readProfiles(DEFAULT_PROFILES);
      const { codes, lastStayIcd10 } = deaths.otherCauses;
      const other = new Map(codes.map((c, k) => [c, [lastStayIcd10[k]]]));
      // An other ALD's death ends a stay of its lastStayIcd10 (a cirrhosis: K922).
      for (const g of conditions.otherAld.filter(g => g.lastStayIcd10)) {
        for (const c of [
          ...conditionCodes(g).map(x => x.slice(0, 4)),
          ...Object.values(g.causeIcd10ByCode ?? {})
        ]) {
          other.set(c, [...(other.get(c) ?? []), g.lastStayIcd10!]);
        }
      }
      expect(
        deathStays.filter(
          ({ cause, dp }) =>
            !String(dp).startsWith(String(cause)) &&
            !(other.get(String(cause)) ?? []).includes(String(dp))
        )
      ).toEqual([]);
      expect(deathStays.some(({ cause }) => other.has(String(cause)))).toBe(
        true
      );
      expect(
        one(
          "SELECT count(*) FROM KI_CCI_R WHERE DCD_CIM_COD LIKE 'F3%' OR DCD_CIM_COD LIKE 'F41%'"
        )
      ).toBe(0);
      // KI_ECD_R: ranks 1 to n on each certificate; the person's other conditions are
      // associated causes (rank 3 on, after the terminal cause).
      expect(
        one(
          'SELECT count(*) FROM (SELECT BEN_IDT_ANO, max(ECD_CAU_RNG) AS m, count(*) AS n FROM KI_ECD_R GROUP BY 1) WHERE m <> n'
        )
      ).toBe(0);
      expect(
        one(`SELECT count(*) FROM KI_ECD_R e JOIN KI_CCI_R k USING (BEN_IDT_ANO)
          WHERE e.ECD_CAU_RNG >= 3 AND e.ECD_CIM_COD <> k.DCD_CIM_COD`)
      ).toBeGreaterThan(0);
      // Senility and Alzheimer's disease are causes of old age (weights by age at death).
      expect(
        one(
          "SELECT count(*) FROM KI_CCI_R WHERE DCD_CIM_COD IN ('R54', 'G309') AND FLX_PER_ANN - BEN_NAI_ANN < 65"
        )
      ).toBe(0);
    });

    it("should flag the year's acute events, deliveries and insulin in the cartographie", () => {
      // Both years: a few acute events each among 2,000 people.
      const withoutStay = (flag: string, dp: string, y: number): number =>
        one(`SELECT count(*) FROM CT_IND_${y}_GN i WHERE ${flag} = 1 AND NOT EXISTS (
               SELECT 1 FROM CT_IDE_${y}_GN d JOIN T_MCO${y % 100}C c ON c.NIR_ANO_17 = d.ben_nir_psa
               JOIN T_MCO${y % 100}B s USING (ETA_NUM, RSA_NUM) WHERE d.id_carto = i.id_carto AND ${dp})`);
      for (const [flag, dp] of [
        ['top_Materni_ind', "substr(s.DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84'"],
        ['top_CvIDM_aig', "s.DGN_PAL LIKE 'I21%'"],
        ['top_CvAVC_aig', "substr(s.DGN_PAL, 1, 3) IN ('I61', 'I63', 'I64')"]
      ]) {
        expect(
          one(
            `SELECT (SELECT sum(${flag}) FROM CT_IND_2019_GN) + (SELECT sum(${flag}) FROM CT_IND_2020_GN)`
          )
        ).toBeGreaterThan(0);
        expect(withoutStay(flag, dp, 2019) + withoutStay(flag, dp, 2020)).toBe(
          0
        );
      }
      // The year's acute episode prevails over the chronic disease.
      expect(
        one(`SELECT count(*) FROM CT_IND_2019_GN WHERE (top_CvIDM_aig = 1 AND top_CvCoron_chr = 1)
               OR (top_CvIC_aig = 1 AND top_CvIC_chr = 1) OR (top_CvAVC_aig = 1 AND top_CvAVC_seq = 1)`)
      ).toBe(0);
      expect(
        one(
          'SELECT count(*) FROM CT_IND_2019_GN WHERE sup_Materni_ind_exclu = 1 AND (top_FDiabet_ind = 1 OR sup_Cvaig_cat = 1)'
        )
      ).toBe(0);
      // A treated diabetic is insulin-treated or not, never both.
      expect(
        one(
          'SELECT count(*) FROM CT_IND_2019_GN WHERE sup_FInsul_ind + sup_FInsulNO_ind <> top_FDiabet_ind'
        )
      ).toBe(0);
      expect(
        one('SELECT sum(sup_FInsul_ind) FROM CT_IND_2019_GN')
      ).toBeGreaterThan(0);
      // About a quarter of treated diabetics on insulin (equally likely drugs gave 58%).
      expect(
        one(
          'SELECT avg(sup_FInsul_ind) FROM CT_IND_2019_GN WHERE top_FDiabet_ind = 1'
        )
      ).toBeLessThan(0.4);
      expect(
        one('SELECT sum(sup_FInsulNO_ind) FROM CT_IND_2019_GN')
      ).toBeGreaterThan(0);
    });

    it('should treat vascular risk and psychotropes outside the conditions, monthly, by the GP', () => {
      // Amlodipine is no condition's drug: only the treatments give it.
      const [r] =
        rows(`SELECT count(*) AS people, count(*) FILTER (WHERE age < 19) AS young,
          sum(other) AS other, avg(t.months) AS months
        FROM (SELECT p.BEN_NIR_PSA, min(2019 - p.BEN_NAI_ANN) AS age,
            count(*) FILTER (WHERE p.PSP_SPE_COD <> 1) AS other
          FROM ${DISPENSED}
          WHERE m.PHA_ATC_C07 = 'C08CA01' AND year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
            AND p.BEN_DCD_DTE = DATE '1600-01-01' GROUP BY 1)
        JOIN (${monthsTreated("m.PHA_ATC_C07 = 'C08CA01'")}) t USING (BEN_NIR_PSA)`);
      expect(Number(r.people)).toBeGreaterThan(30);
      expect(Number(r.young)).toBe(0);
      // Renewed by the GP, every month (or box of three months) but those in hospital.
      expect(Number(r.other)).toBe(0);
      expect(Number(r.months)).toBeGreaterThan(10);
      // The cartographie's people treated without a pathology: about a tenth for the vascular
      // risk, rising with age; fewer for the psychotropes, more of them women.
      const [c] =
        rows(`SELECT avg(sup_FRV_cat) AS frv, avg(sup_FRV_cat) FILTER (WHERE age BETWEEN 60 AND 79) AS frv_old,
          avg(sup_FRV_cat) FILTER (WHERE age < 40) AS frv_young,
          avg(sup_PsyMed_cat) FILTER (WHERE ben_sex_cod = 2) AS psy_f, avg(sup_PsyMed_cat) FILTER (WHERE ben_sex_cod = 1) AS psy_m
        FROM CT_IND_2019_GN`);
      expect(Number(c.frv)).toBeGreaterThan(0.06);
      expect(Number(c.frv)).toBeLessThan(0.2);
      expect(Number(c.frv_old)).toBeGreaterThan(4 * Number(c.frv_young));
      expect(Number(c.psy_f)).toBeGreaterThan(Number(c.psy_m));
      expect(Number(c.psy_m)).toBeGreaterThan(0.01);
    });

    it('should stop some new users of a treatment within their first year (firstYearStopPct)', async () => {
      // New users of 2020 (none in 2019) alive at the end of 2021: those whose last
      // dispensation came within 300 days of their first stopped in their first year (a user
      // who goes on is dispensed in late 2021).
      const options = dcirOf2019To2021(8);
      const stops = (
        own: EngineSession,
        atc: string
      ): Record<string, unknown> =>
        rowsIn(
          own,
          `WITH d AS (SELECT p.BEN_NIR_PSA AS id, p.EXE_SOI_DTD AS day FROM ${DISPENSED}
              WHERE m.PHA_ATC_C07 LIKE '${atc}%' AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
                AND p.BEN_NIR_PSA IN (SELECT BEN_NIR_PSA FROM IR_BEN_R WHERE BEN_DCD_DTE = DATE '1600-01-01')),
            u AS (SELECT id, min(day) AS first, max(day) AS last FROM d GROUP BY id HAVING year(min(day)) = 2020)
          SELECT count(*) AS n, avg(CAST(last < first + 300 AS INTEGER)) AS stopped,
            avg(CAST(month(last) = 12 AS INTEGER)) FILTER (WHERE last < first + 300) AS december
          FROM u`
        )[0];
      let statins: Record<string, unknown> = {};
      let bisphosphonates: Record<string, unknown> = {};
      await withDataset(options, own => {
        statins = stops(own, 'C10');
        bisphosphonates = stops(own, 'M05BA');
      });
      // Control: no first courses, the new users of renewYears' draws and of age go on.
      const profiles = readProfiles(DEFAULT_PROFILES);
      for (const t of profiles.conditions.treatments) {
        delete t.firstYearStopPct;
      }
      let control: Record<string, unknown> = {};
      await withDataset(
        options,
        own => {
          control = stops(own, 'C10');
        },
        await compileProgram({ dictionary, loader, profiles })
      );
      // A third of new statin users stop within a year, half of new bisphosphonate users:
      // measured 33% of 114 and 50% of 42, 1% in the control.
      expect(Number(statins.n)).toBeGreaterThan(80);
      expect(Number(statins.stopped)).toBeGreaterThan(0.2);
      expect(Number(statins.stopped)).toBeLessThan(0.5);
      expect(Number(bisphosphonates.stopped)).toBeGreaterThan(
        Number(statins.stopped)
      );
      expect(Number(control.stopped)).toBeLessThan(0.12);
      // A course begun late in the year runs on into the next: stops come in any month (a
      // third ended in December when courses stopped by 31 December).
      expect(Number(statins.december)).toBeLessThan(0.2);
      // Only a course that ran to last year's last renewal runs on: a January line of last
      // year's prescription was dispensed last year too (90% of new statin users on first
      // courses: 37 of 1,315 such lines were not, natively, when a course drawn two years
      // before ran on).
      const lipid = profiles.conditions.treatments.find(
        t => t.id === 'lipid_lowering'
      )!;
      lipid.firstYearStopPct = 90;
      await withDataset(
        options,
        own => {
          const [o] = rowsIn(
            own,
            `WITH d AS (SELECT b.BEN_NIR_ANO AS id, p.EXE_SOI_DTD AS day, p.PRE_PRE_DTD AS pre, m.PHA_ATC_C07 AS atc
                FROM ${DISPENSED} JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
                WHERE m.PHA_ATC_C07 LIKE 'C10%' AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0)
            SELECT count(*) AS lines, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM d x
                WHERE x.id = d.id AND x.atc = d.atc AND x.pre = d.pre AND year(x.day) = year(d.day) - 1)) AS orphans
            FROM d WHERE year(day) > 2019 AND year(pre) = year(day) - 1`
          );
          expect(Number(o.lines)).toBeGreaterThan(500);
          expect(Number(o.orphans)).toBeLessThan(0.01 * Number(o.lines));
        },
        await compileProgram({ dictionary, loader, profiles })
      );
    }, 240_000);

    it('should start new users on fewer drugs, then add some (startDrugsWeights)', async () => {
      // Diabetes begins seven times as often here, for enough new cases. People on an
      // antiplatelet or anticoagulant (B01A) are left out: a cardiovascular disease's own
      // drugs include antihypertensives, from its start.
      const options = dcirOf2019To2021(9);
      const counts = (
        own: EngineSession,
        atc: string
      ): Record<string, number> => {
        const rows = rowsIn(
          own,
          `WITH d AS (SELECT p.BEN_NIR_PSA AS id, year(p.EXE_SOI_DTD) AS y, m.PHA_ATC_C07 AS atc
              FROM ${DISPENSED} WHERE (${atc}) AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
                AND p.BEN_NIR_PSA NOT IN (SELECT p.BEN_NIR_PSA FROM ${DISPENSED} WHERE m.PHA_ATC_C07 LIKE 'B01A%')),
            u AS (SELECT id, y, count(DISTINCT atc) AS n FROM d GROUP BY ALL),
            p AS (SELECT id, min(y) AS first, count(*) AS years FROM u GROUP BY id)
          SELECT CASE WHEN p.first = 2020 THEN 'new_' || u.y WHEN p.years = 3 AND u.y = 2020 THEN 'old' END AS g,
            count(*) AS people, avg(CAST(u.n = 1 AS INTEGER)) AS one
          FROM u JOIN p USING (id) GROUP BY g`
        );
        return Object.fromEntries(
          rows.flatMap(r => [
            [`${r.g}`, Number(r.one)],
            [`${r.g}_people`, Number(r.people)]
          ])
        );
      };
      const antihypertensive = "regexp_matches(m.PHA_ATC_C07, '^C0[23789]')";
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.conditions.conditions.find(
        c => c.id === 'diabetes'
      )!.incidenceRatio = 0.5;
      const results: Record<string, Record<string, number>>[] = [];
      for (const starts of [true, false]) {
        if (!starts) {
          // Control: new users take their own count from the start.
          for (const x of [
            ...profiles.conditions.conditions,
            ...profiles.conditions.treatments
          ]) {
            delete x.startDrugsWeights;
            delete x.yearsPerAddedDrug;
          }
        }
        await withDataset(
          options,
          own => {
            results.push({
              diabetes: counts(own, "m.PHA_ATC_C07 LIKE 'A10%'"),
              hypertension: counts(own, antihypertensive),
              // A drug dispensed from last year's prescription was dispensed last year: one
              // added this year starts at a renewal of the year.
              carried: rowsIn(
                own,
                `WITH d AS (SELECT b.BEN_NIR_ANO AS id, m.PHA_ATC_C07 AS atc, p.EXE_SOI_DTD AS day, p.PRE_PRE_DTD AS pre
                    FROM ${DISPENSED} JOIN (SELECT DISTINCT BEN_NIR_PSA, BEN_RNG_GEM, BEN_NIR_ANO FROM IR_BEN_R) b USING (BEN_NIR_PSA, BEN_RNG_GEM)
                    WHERE (m.PHA_ATC_C07 LIKE 'A10%' OR ${antihypertensive})
                      AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0)
                SELECT count(*) AS n FROM d a WHERE year(a.pre) < year(a.day) AND year(a.pre) >= 2019
                  AND NOT EXISTS (SELECT 1 FROM d b WHERE b.id = a.id AND b.atc = a.atc AND year(b.day) = year(a.day) - 1)`
              )[0] as Record<string, number>
            });
          },
          await compileProgram({ dictionary, loader, profiles })
        );
      }
      const [started, control] = results;
      // Measured: on one drug, 82% of 160 new diabetics of 2020 that year and 76% the next
      // (45% in the control), 74% and 66% of 122 new antihypertensive users (50%); users of
      // the three years 44% and 53% (44% and 51%).
      expect(started.diabetes.new_2020_people).toBeGreaterThan(100);
      expect(started.hypertension.new_2020_people).toBeGreaterThan(100);
      expect(started.diabetes.new_2020).toBeGreaterThan(0.7);
      expect(control.diabetes.new_2020).toBeLessThan(0.6);
      expect(started.hypertension.new_2020).toBeGreaterThan(0.65);
      expect(control.hypertension.new_2020).toBeLessThan(0.6);
      // No drug added this year comes from last year's prescription.
      expect(Number(started.carried.n)).toBe(0);
      // A second year adds drugs to some: fewer on one, more than in the control.
      for (const k of ['diabetes', 'hypertension']) {
        expect(started[k].new_2021).toBeLessThan(started[k].new_2020);
        expect(started[k].new_2021).toBeGreaterThan(control[k].new_2021);
        // Long-standing users keep their own counts.
        expect(Math.abs(started[k].old - control[k].old)).toBeLessThan(0.05);
      }
    }, 240_000);

    it('should dispense fewer antibiotics in 2020 and 2021 than the visits alone make (keptByMonth)', async () => {
      const options = dcirOf2019To2021(10);
      // Net boxes of a class by year and of the winter months (November to February).
      const boxes = (own: EngineSession): Record<string, number> =>
        Object.fromEntries(
          rowsIn(
            own,
            `SELECT CASE WHEN m.PHA_ATC_C07 LIKE 'J01%' THEN 'J01' ELSE 'N02BE' END || '_' || year(p.EXE_SOI_DTD) AS k,
                sum(p.PRS_ACT_QTE) AS n
              FROM ${DISPENSED} WHERE p.DPN_QLF <> 71
                AND (m.PHA_ATC_C07 LIKE 'J01%' OR m.PHA_ATC_C07 LIKE 'N02BE%')
              GROUP BY ALL
            UNION ALL
            SELECT 'J01_winter_' || year(p.EXE_SOI_DTD + INTERVAL 2 MONTH), sum(p.PRS_ACT_QTE)
              FROM ${DISPENSED} WHERE p.DPN_QLF <> 71 AND m.PHA_ATC_C07 LIKE 'J01%'
                AND month(p.EXE_SOI_DTD) IN (11, 12, 1, 2)
              GROUP BY ALL`
          ).map(r => [String(r.k), Number(r.n)])
        );
      let kept: Record<string, number> = {};
      await withDataset(options, own => {
        kept = boxes(own);
      });
      // Control: the visits of the lockdowns only.
      const profiles = readProfiles(DEFAULT_PROFILES);
      for (const season of profiles.care.seasonality) {
        season.keptByMonth = {};
      }
      let control: Record<string, number> = {};
      await withDataset(
        options,
        own => {
          control = boxes(own);
        },
        await compileProgram({ dictionary, loader, profiles })
      );
      const ratio = (x: Record<string, number>, k: string, y: number): number =>
        x[`${k}_${y}`] / x[`${k}_2019`];
      // Measured: antibiotic boxes 84% of 2019's in 2020 and 87% in 2021 (94% and 99% in the
      // control, the visits lost only), the winter 2020-2021 69% of the one before (98%).
      expect(ratio(kept, 'J01', 2020)).toBeLessThan(0.88);
      expect(ratio(kept, 'J01', 2020)).toBeGreaterThan(0.74);
      expect(ratio(kept, 'J01', 2021)).toBeLessThan(0.95);
      expect(ratio(control, 'J01', 2020)).toBeGreaterThan(0.9);
      expect(ratio(control, 'J01', 2021)).toBeGreaterThan(0.96);
      // The winter 2020-2021 without its epidemics.
      expect(kept.J01_winter_2021 / kept.J01_winter_2020).toBeLessThan(0.8);
      expect(control.J01_winter_2021 / control.J01_winter_2020).toBeGreaterThan(
        0.9
      );
      // Paracetamol follows the visits only: the same as in the control.
      expect(kept.N02BE_2020).toBe(control.N02BE_2020);
    });

    it('should stop a treatment whose rate falls with age at any renewal of the year, not on 1 January', async () => {
      // Thyroid hormones for 80% of people at 75 (a band's middle age), none from the next
      // band's: about a tenth of the users stop each year, in the first year too.
      const profiles = readProfiles(DEFAULT_PROFILES);
      const thyroid = profiles.conditions.treatments.find(
        t => t.id === 'thyroid'
      )!;
      const rates = [0, 0, 0, 0, 0, 80, 0];
      thyroid.usersPct = { male: rates, female: rates };
      // The age's stops alone: a new draw (renewYears) stops people at any age.
      delete thyroid.renewYears;
      const made = await compileProgram({ dictionary, loader, profiles });
      await withDataset(
        { patients: 10_000, seed: 6, years: [2019], products: ['dcir'] },
        own => {
          const [r] = rowsIn(
            own,
            `WITH u AS (SELECT p.BEN_NIR_PSA, any_value(2019 - p.BEN_NAI_ANN) AS age, max(p.EXE_SOI_DTD) AS last
              FROM ${DISPENSED}
              WHERE m.PHA_ATC_C07 LIKE 'H03%' AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
                AND p.BEN_NIR_PSA IN (SELECT BEN_NIR_PSA FROM IR_BEN_R WHERE BEN_DCD_DTE = DATE '1600-01-01')
              GROUP BY 1)
            SELECT count(*) AS users, count(*) FILTER (WHERE last < DATE '2019-10-01') AS ended,
              count(DISTINCT month(last)) FILTER (WHERE last < DATE '2019-10-01') AS months,
              min(age) FILTER (WHERE last < DATE '2019-10-01') AS youngest
            FROM u`
          );
          // Living users whose last dispensation is before October stopped in the year.
          expect(Number(r.users)).toBeGreaterThan(200);
          expect(Number(r.ended)).toBeGreaterThan(0.04 * Number(r.users));
          expect(Number(r.months)).toBeGreaterThanOrEqual(4);
          expect(Number(r.youngest)).toBeGreaterThanOrEqual(70);
        },
        made
      );
    });

    it("should stop an other ALD's GP renewals with its drugs", async () => {
      // Hormone therapy for every breast cancer under follow-up, one year from the ALD's start:
      // most of those women's drugs have ended by 2020.
      const profiles = readProfiles(DEFAULT_PROFILES);
      const followUp = profiles.conditions.otherAld.find(
        g => g.id === 'cancer_followup'
      )!;
      followUp.drugs = { ...followUp.drugs!, treatedPct: 100, forYears: 1 };
      followUp.prevalencePct.female = followUp.prevalencePct.female.map(
        x => x * 4
      );
      const made = await compileProgram({ dictionary, loader, profiles });
      await withDataset(
        { patients: 10_000, seed: 4, years: [2019, 2020], products: ['dcir'] },
        own => {
          const [r] = rowsIn(
            own,
            `WITH ended AS (
              SELECT DISTINCT b.BEN_IDT_ANO FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
              WHERE i.IMB_ALD_NUM = 30 AND i.MED_MTF_COD LIKE 'C50%' AND i.IMB_ALD_DTD < DATE '2019-01-01'
                AND b.BEN_DCD_DTE = DATE '1600-01-01'
            ), lines AS (
              SELECT b.BEN_IDT_ANO, p.PRS_NAT_REF, p.PSE_SPE_COD, m.PHA_ATC_C07
              FROM ER_PRS_F p JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
              LEFT JOIN ER_PHA_F f USING (${PHA_KEY})
              LEFT JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13
              WHERE year(p.EXE_SOI_DTD) = 2020 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
            ), per AS (
              SELECT e.BEN_IDT_ANO,
                count(l.PRS_NAT_REF) FILTER (WHERE l.PSE_SPE_COD = 1 AND l.PRS_NAT_REF IN (1110, 1192)) AS gp,
                count(l.PHA_ATC_C07) FILTER (WHERE regexp_matches(l.PHA_ATC_C07, '^(A10|B01|C0|C1|R03|L0|A04|N05|N06|H03|M04|M05)')) AS chronic
              FROM ended e LEFT JOIN lines l USING (BEN_IDT_ANO) GROUP BY 1
            )
            SELECT count(*) AS women, count(*) FILTER (WHERE gp < 4) AS few FROM per WHERE chronic = 0`
          );
          // Women with no chronic drug in 2020 see their GP as often as others: under four
          // times for most (39 of 66 here; 2 of 61 when the GP still renewed the ended drugs
          // every quarter).
          expect(Number(r.women)).toBeGreaterThan(40);
          expect(Number(r.few)).toBeGreaterThan(0.4 * Number(r.women));
          // Those whose ALD began in 2019 still take it in 2020: their GP renews it quarterly
          // (14 of 14 with four visits or more here).
          const [given] = rowsIn(
            own,
            `WITH taking AS (
              SELECT DISTINCT b.BEN_IDT_ANO FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
              WHERE i.IMB_ALD_NUM = 30 AND i.MED_MTF_COD LIKE 'C50%' AND year(i.IMB_ALD_DTD) = 2019
                AND b.BEN_DCD_DTE = DATE '1600-01-01'
            )
            SELECT count(*) AS women, count(*) FILTER (WHERE gp >= 4) AS renewed FROM (
              SELECT t.BEN_IDT_ANO, count(p.PRS_NAT_REF) AS gp
              FROM taking t JOIN IR_BEN_R b USING (BEN_IDT_ANO)
              LEFT JOIN ER_PRS_F p ON p.BEN_NIR_PSA = b.BEN_NIR_PSA AND p.BEN_RNG_GEM = b.BEN_RNG_GEM
                AND year(p.EXE_SOI_DTD) = 2020 AND p.PSE_SPE_COD = 1 AND p.PRS_NAT_REF IN (1110, 1192)
                AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
              GROUP BY 1)`
          );
          expect(Number(given.women)).toBeGreaterThan(5);
          expect(Number(given.renewed)).toBeGreaterThan(
            0.8 * Number(given.women)
          );
        },
        made
      );
    }, 120_000);

    it('should give treated hypertensives one to three drugs of different classes, dispensed together', async () => {
      await withDataset(
        { patients: 10_000, seed: 8, years: [2019], products: ['dcir'] },
        dcir => {
          const given = `${DISPENSED} WHERE p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0`;
          const [people] = rowsIn(
            dcir,
            `SELECT count(*) AS n, avg(CASE WHEN drugs = 1 THEN 1 ELSE 0 END) AS one, avg(CASE WHEN drugs >= 3 THEN 1 ELSE 0 END) AS three,
                count(*) FILTER (WHERE ace AND arb) AS ace_arb
              FROM (SELECT p.BEN_NIR_PSA, count(DISTINCT m.PHA_ATC_C07) AS drugs,
                  bool_or(m.PHA_ATC_C07 LIKE 'C09A%') AS ace, bool_or(m.PHA_ATC_C07 LIKE 'C09C%') AS arb
                FROM ${given} AND regexp_matches(m.PHA_ATC_C07, '^C0[23789]') GROUP BY 1)`
          );
          // All antihypertensives, the conditions' and other ALDs' with the treatments': half
          // of the people on one (50% here, 82% with one drug per treatment), some on three or
          // more (11%, against 0.1%).
          expect(Number(people.n)).toBeGreaterThan(500);
          expect(Number(people.one)).toBeGreaterThan(0.4);
          expect(Number(people.one)).toBeLessThan(0.65);
          expect(Number(people.three)).toBeGreaterThan(0.06);
          // No ACE inhibitor with a receptor blocker: the ladder keeps them apart, and an
          // arteriopathy's or a kidney disease's ramipril replaces the treatment (3 such
          // people before).
          expect(Number(people.ace_arb)).toBe(0);
          // A month's drugs of a treatment come the same day: the drugs only treatments give.
          const [months] = rowsIn(
            dcir,
            `SELECT count(*) AS n, avg(CASE WHEN days = 1 THEN 1 ELSE 0 END) AS together
              FROM (SELECT p.BEN_NIR_PSA, month(p.EXE_SOI_DTD), count(DISTINCT p.EXE_SOI_DTD) AS days
                FROM ${given} AND m.PHA_ATC_C07 IN ('C08CA01', 'C03AA03', 'C09CA01', 'C08CA13', 'C03BA11', 'C07AB12')
                GROUP BY 1, 2 HAVING count(DISTINCT m.PHA_ATC_C07) >= 2)`
          );
          expect(Number(months.n)).toBeGreaterThan(1000);
          expect(Number(months.together)).toBeGreaterThan(0.98);
        }
      );
    }, 120_000);

    it("should pay a diabetic's vascular treatments in ALD 8 at 100%, and give hormone therapy five years after a breast cancer", async () => {
      await withDataset(
        { patients: 30_000, seed: 5, years: [2019], products: ['dcir'] },
        dcir => {
          const linesOf = (atc: string[]): string =>
            `SELECT b.BEN_NIR_ANO AS ano, p.EXE_SOI_DTD AS day, p.EXO_MTF FROM ${DISPENSED}
              JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
              WHERE p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 AND m.PHA_ATC_C07 IN (${atc.map(a => `'${a}'`).join(', ')})`;
          const aldStart = (where: string): string =>
            `SELECT b.BEN_NIR_ANO AS ano, min(i.IMB_ALD_DTD) AS start FROM IR_IMB_R i
              JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM) WHERE ${where} GROUP BY 1`;
          // The vascular drugs only treatments give: at 100% (IR_EXO_V 42) in ALD 8 (2,793
          // lines here; none before), at the usual rate otherwise.
          const [vascular] = rowsIn(
            dcir,
            `SELECT count(*) FILTER (WHERE day >= start) AS in_ald,
              count(*) FILTER (WHERE day >= start AND EXO_MTF = 42) AS full,
              count(*) FILTER (WHERE (start IS NULL OR day < start) AND EXO_MTF = 42) AS wrong
            FROM (${linesOf(['C08CA01', 'C03AA03', 'C09CA01', 'C08CA13', 'C03BA11', 'C07AB12', 'C10AA01', 'C10AA03', 'C10AA07'])})
            LEFT JOIN (${aldStart('i.IMB_ALD_NUM = 8')}) USING (ano)`
          );
          expect(Number(vascular.in_ald)).toBeGreaterThan(500);
          expect(Number(vascular.full)).toBe(Number(vascular.in_ald));
          expect(Number(vascular.wrong)).toBe(0);
          // Tamoxifen, which only the ALD of a breast cancer under surveillance gives: in its
          // first five years (177 lines after them here before, of 458).
          const [hormone] = rowsIn(
            dcir,
            `SELECT count(*) AS n, count(*) FILTER (WHERE start IS NULL OR day >= start + INTERVAL 5 YEAR) AS late
            FROM (${linesOf(['L02BA01'])}) LEFT JOIN (${aldStart("i.MED_MTF_COD LIKE 'C50%'")}) USING (ano)`
          );
          expect(Number(hormone.n)).toBeGreaterThan(100);
          expect(Number(hormone.late)).toBe(0);
        }
      );
    }, 120_000);

    it("should start a treatment in any month and at any age, not in January at a band's first age", async () => {
      await withDataset(
        { patients: 20_000, seed: 8, years: [2019, 2020], products: ['dcir'] },
        dcir => {
          // The vascular treatments' drugs that no condition gives: amlodipine, losartan,
          // hydrochlorothiazide, lercanidipine, indapamide, nebivolol, simvastatin, pravastatin,
          // rosuvastatin.
          const drugs = [
            'C08CA01',
            'C09CA01',
            'C03AA03',
            'C08CA13',
            'C03BA11',
            'C07AB12',
            'C10AA01',
            'C10AA03',
            'C10AA07'
          ];
          const [row] = rowsIn(
            dcir,
            `WITH firsts AS (SELECT p.BEN_NIR_PSA, m.PHA_ATC_C07, min(p.EXE_SOI_DTD) AS first, any_value(p.BEN_NAI_ANN) AS nai
                FROM ${DISPENSED}
                WHERE m.PHA_ATC_C07 IN (${drugs.map(a => `'${a}'`).join(', ')}) AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
                GROUP BY 1, 2)
              SELECT count(*) AS n, avg(CASE WHEN month(first) > 6 THEN 1 ELSE 0 END) AS late,
                avg(CASE WHEN 2020 - nai IN (20, 40, 50, 60, 70, 80) THEN 1 ELSE 0 END) AS at_band
              FROM firsts WHERE year(first) = 2020`
          );
          // The people who begin one in 2020 (71 here): 54% after June, 13% at 40, 50, 60, 70
          // or 80. Before, a treatment began at its first renewal and where a band of usersPct
          // begins: 7% after June, 86% at those ages.
          expect(Number(row.n)).toBeGreaterThan(40);
          expect(Number(row.late)).toBeGreaterThan(0.3);
          expect(Number(row.late)).toBeLessThan(0.7);
          expect(Number(row.at_band)).toBeLessThan(0.35);
        }
      );
    }, 120_000);

    it("should stop a treatment where a condition's drugs stand for it, not all year", async () => {
      // Depressions that often begin and end: the default profiles give few such people.
      const profiles = readProfiles(DEFAULT_PROFILES);
      const depression = profiles.conditions.conditions.find(
        c => c.id === 'depression'
      )!;
      depression.stopPct = 50;
      depression.incidenceRatio = 0.6;
      // And four times the psychotropes' users.
      for (const t of profiles.conditions.treatments) {
        if (t.excludedConditions.includes('depression')) {
          t.usersPct.male = t.usersPct.male.map(x => 4 * x);
          t.usersPct.female = t.usersPct.female.map(x => 4 * x);
        }
      }
      const made = await compileProgram({ dictionary, loader, profiles });
      await withDataset(
        { patients: 10_000, seed: 8, years: [2019, 2020], products: ['dcir'] },
        turnover => {
          // A treated depression's drugs (citalopram here) replace the psychotropes of
          // treatments from the visit that prescribes them: people given both in 2020 (11 here)
          // got these before or after, never between. Before, a depression begun or ended in
          // 2020 stopped them all year (none got both).
          const psychotropes = [
            'N06AB05',
            'N06AB06',
            'N06AX11',
            'N06AX16',
            'N05BA06',
            'N05BB01'
          ];
          const [both] = rowsIn(
            turnover,
            `WITH d AS (SELECT p.BEN_NIR_PSA, m.PHA_ATC_C07 AS atc, p.EXE_SOI_DTD AS day
                FROM ${DISPENSED}
                WHERE year(p.EXE_SOI_DTD) = 2020 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0),
              spans AS (SELECT BEN_NIR_PSA, min(day) AS first_c, max(day) AS last_c FROM d WHERE atc = 'N06AB04' GROUP BY 1)
              SELECT count(DISTINCT BEN_NIR_PSA) AS n, count(*) FILTER (WHERE day BETWEEN first_c AND last_c) AS inside
              FROM d JOIN spans USING (BEN_NIR_PSA) WHERE atc IN (${psychotropes.map(a => `'${a}'`).join(', ')})`
          );
          expect(Number(both.n)).toBeGreaterThan(3);
          expect(Number(both.inside)).toBe(0);
        },
        made
      );
    }, 120_000);

    it("should set the cartographie's treatment flags from the year's dispensations", () => {
      const ct =
        readProfiles(DEFAULT_PROFILES).conditions.cartographyTreatments!;
      const classes = (t: {
        atcPrefixes: string[];
        excludedAtcPrefixes?: string[];
      }): string =>
        `(${t.atcPrefixes.map(a => `m.PHA_ATC_C07 LIKE '${a}%'`).join(' OR ')})${(t.excludedAtcPrefixes ?? []).map(a => ` AND m.PHA_ATC_C07 NOT LIKE '${a}%'`).join('')}`;
      const all = [...ct.treatments, ...ct.minorTreatments];
      // Days of dispensation of each treatment's classes, per person, in 2019, and those of
      // a box of three months (l).
      const days = `SELECT d.id_carto, ${all.map((t, k) => `count(DISTINCT p.EXE_SOI_DTD) FILTER (WHERE ${classes(t)}) AS n${k}, count(DISTINCT p.EXE_SOI_DTD) FILTER (WHERE ${classes(t)} AND ${BOX_MONTHS} > 1) AS l${k}`).join(', ')}
        FROM ${DISPENSED}
        JOIN CT_IDE_2019_GN d ON d.ben_nir_psa = p.BEN_NIR_PSA AND d.ben_rng_gem = p.BEN_RNG_GEM
        WHERE year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 GROUP BY 1`;
      // Three days, or two with a box of three months (the Cartographie's large packs).
      const given = (k: number): string =>
        `CAST(coalesce(n.n${k}, 0) >= ${ct.minDispensations} OR (coalesce(n.n${k}, 0) >= ${ct.minDispensationsWithLargePacks} AND n.l${k} > 0) AS INTEGER)`;
      expect(ct.minDispensationsWithLargePacks).toBe(2);
      expect(
        one(
          `SELECT count(*) FROM CT_IND_2019_GN i JOIN (${days}) n USING (id_carto) WHERE ${ct.treatments.map((t, k) => `(i.${t.allFlag} = 1 AND n.n${k} = 2)`).join(' OR ')}`
        )
      ).toBeGreaterThan(0);
      const wrong = (flag: string, expected: string): number =>
        one(
          `SELECT count(*) FROM CT_IND_2019_GN i LEFT JOIN (${days}) n USING (id_carto) WHERE i.${flag} <> ${expected}`
        );
      const unless = (flags: string[]): string =>
        flags.length ? ` * (1 - greatest(${flags.join(', ')}))` : '';
      ct.treatments.forEach((t, k) => {
        expect(wrong(t.allFlag, given(k))).toBe(0);
        expect(wrong(t.flag, `${given(k)}${unless(t.unlessFlags)}`)).toBe(0);
      });
      ct.minorTreatments.forEach((t, j) => {
        const g = given(ct.treatments.length + j);
        expect(wrong(t.allFlag, g)).toBe(0);
        expect(wrong(t.flag, `${g} * sup_Petit_Conso`)).toBe(0);
      });
      for (const [group, members] of Object.entries(ct.groups)) {
        expect(wrong(group, `greatest(${members.join(', ')})`)).toBe(0);
      }
      // Cardiovascular patients' beta-blockers and statins, depressed people's antidepressants,
      // the petits consommateurs' painkillers.
      for (const flag of [
        'sup_FAntiHTA_med_nnexclu',
        'sup_FHypoLi_med_nnexclu',
        'sup_PAntiDe_med_nnexclu',
        'sup_Antalg_med'
      ]) {
        expect(one(`SELECT sum(${flag}) FROM CT_IND_2019_GN`)).toBeGreaterThan(
          0
        );
      }
      expect(
        one(
          'SELECT count(*) FROM CT_IND_2019_GN WHERE sup_Patho_cat_nnexclu <> greatest(sup_Patho_cat_exclu, sup_FRV_cat, sup_PsyMed_cat)'
        )
      ).toBe(0);
    });

    it('should give the cartographie the age classes, flags and expenses of each person', () => {
      const flagged = (flag: string): number =>
        one(`SELECT count(*) FROM CT_IND_2019_GN WHERE ${flag} = 1`);
      expect(flagged('top_FDiabet_ind')).toBeGreaterThan(0);
      // The SNDS sees a diabetes through its drugs (A10) or its ALD (8).
      expect(
        one(`SELECT count(*) FROM CT_IND_2019_GN WHERE top_FDiabet_ind = 1 AND id_carto NOT IN (
               SELECT d.id_carto FROM CT_IDE_2019_GN d JOIN IR_IMB_R a ON a.BEN_NIR_PSA = d.ben_nir_psa AND a.IMB_ALD_NUM = 8
               UNION ALL
               SELECT d.id_carto FROM CT_IDE_2019_GN d JOIN ER_PRS_F r ON r.BEN_NIR_PSA = d.ben_nir_psa
                 JOIN ER_PHA_F f USING (${PHA_KEY})
                 JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13 WHERE m.PHA_ATC_C07 LIKE 'A10%')`)
      ).toBe(0);
      expect(
        one(
          'SELECT count(*) FROM CT_IND_2019_GN WHERE (top_CanSeiF_act = 1 AND ben_sex_cod = 1) OR (top_CanPros_act = 1 AND ben_sex_cod = 2)'
        )
      ).toBe(0);
      expect(
        flagged('top_CvCoron_chr') + flagged('top_CvIC_chr')
      ).toBeLessThanOrEqual(flagged('sup_Cv_cat'));
      expect(
        one('SELECT count(DISTINCT cla_age_5) FROM CT_IND_2019_GN')
      ).toBeGreaterThan(15);
      expect(
        one('SELECT avg(TOT_DEP_MNT) FROM CT_DEP_2019_GN WHERE age >= 75')
      ).toBeGreaterThan(
        2 *
          one(
            'SELECT avg(TOT_DEP_MNT) FROM CT_DEP_2019_GN WHERE age BETWEEN 20 AND 39'
          )
      );
    });

    it('should file coronary disease under ALD 13 and heart failure under ALD 5', () => {
      const ald = (prefix: string): number[] =>
        rows(
          `SELECT DISTINCT IMB_ALD_NUM AS n FROM IR_IMB_R WHERE MED_MTF_COD LIKE '${prefix}%' ORDER BY 1`
        ).map(r => Number(r.n));
      expect(ald('I2')).toEqual([13]);
      expect(ald('I50')).toEqual([5]);
      expect(ald('E1')).toEqual([8]);
    });

    it('should put about one person in eight in an ALD, the other ALDs at the ages of their profile, with their cartographie flags', () => {
      const [all] =
        rows(`WITH a AS (SELECT DISTINCT b.BEN_NIR_ANO FROM IR_IMB_R i
          JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
          WHERE i.IMB_ALD_DTD <= DATE '2019-12-31' AND i.IMB_ALD_DTF >= DATE '2019-01-01')
        SELECT (SELECT count(*) FROM a) / (SELECT count(DISTINCT BEN_NIR_ANO) FROM IR_BEN_R) AS share`);
      // The Assurance Maladie counts about 17%; the conditions' ALD shares leave this lower.
      expect(Number(all.share)).toBeGreaterThan(0.09);
      expect(Number(all.share)).toBeLessThan(0.18);
      const meanAge = (ald: number): number =>
        one(`SELECT avg(2019 - b.BEN_NAI_ANN) FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
          WHERE i.IMB_ALD_NUM = ${ald}`);
      expect(meanAge(15)).toBeGreaterThan(75);
      expect(meanAge(25)).toBeLessThan(60);
      // Outside the list: ALD 99, exemption nature 43 (45 for a polypathology); the list's: 41.
      expect(
        one(
          `SELECT count(*) FROM IR_IMB_R WHERE (IMB_ALD_NUM = 99) <> (IMB_ETM_NAT IN (43, 45))`
        )
      ).toBe(0);
      expect(
        one('SELECT count(*) FROM IR_IMB_R WHERE IMB_ETM_NAT = 43')
      ).toBeGreaterThan(0);
      const unflagged = (ald: number, flag: string): number =>
        one(`SELECT count(*) FROM CT_IND_2019_GN c JOIN CT_IDE_2019_GN d USING (id_carto)
          JOIN IR_IMB_R i ON i.BEN_NIR_PSA = d.ben_nir_psa AND i.BEN_RNG_GEM = d.ben_rng_gem
          WHERE i.IMB_ALD_NUM = ${ald} AND i.IMB_ALD_DTD <= DATE '2019-12-31' AND c.${flag} <> 1`);
      expect(unflagged(15, 'top_NDemenc_ind')).toBe(0);
      expect(unflagged(16, 'top_NParkin_ind')).toBe(0);
      expect(unflagged(24, 'top_IRCrRCH_ind')).toBe(0);
      expect(
        one('SELECT count(*) FROM CT_IND_2019_GN WHERE top_NDemenc_ind = 1')
      ).toBeGreaterThan(0);
      // Cancers under surveillance: a flag of the site, never a woman's prostate.
      expect(
        one('SELECT count(*) FROM CT_IND_2019_GN WHERE sup_CanSur_cat = 1')
      ).toBeGreaterThan(0);
      expect(
        one(
          'SELECT count(*) FROM CT_IND_2019_GN WHERE top_CanPros_sur = 1 AND ben_sex_cod = 2'
        )
      ).toBe(0);
      // Totals: about a fifth with a pathology, most people small consumers.
      const [t] =
        rows(`SELECT avg(sup_Patho_cat_exclu) AS patho, avg(sup_hospit_ponct) AS stay,
          avg(sup_Petit_Conso) AS small FROM CT_IND_2019_GN`);
      expect(Number(t.patho)).toBeGreaterThan(0.12);
      expect(Number(t.patho)).toBeLessThan(0.35);
      expect(Number(t.stay)).toBeGreaterThan(0.03);
      expect(Number(t.small)).toBeGreaterThan(0.5);
    });

    it("should give an other ALD's people its drugs, monthly, paid at 100%, and no one else", () => {
      const { conditions, care } = readProfiles(DEFAULT_PROFILES);
      // The other ALDs' drugs that no condition, treatment nor acute care gives, with the ALDs giving each.
      const elsewhere = new Set([
        ...conditions.conditions.flatMap(c => chronicAtcOf(c)),
        ...conditions.treatments.flatMap(t => t.chronicAtc),
        ...care.acuteAtc
      ]);
      const pairs = conditions.otherAld.flatMap(g =>
        g.drugs
          ? chronicAtcOf(g.drugs)
              .filter(a => !elsewhere.has(a))
              .map(a => `('${a}', ${g.ald})`)
          : []
      );
      expect(pairs.length).toBeGreaterThan(20);
      const lines = `WITH own(atc, ald) AS (VALUES ${pairs.join(', ')}),
        d AS (SELECT b.BEN_NIR_ANO AS ano, p.EXE_SOI_DTD, p.EXO_MTF, p.BSE_REM_MNT, p.BSE_REM_BSE, m.PHA_ATC_C07 AS atc, ${BOX_MONTHS} AS box
          FROM ${DISPENSED} JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
          WHERE p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 AND m.PHA_ATC_C07 IN (SELECT atc FROM own))`;
      const [r] = rows(`${lines}
        SELECT count(*) AS n,
          count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
            JOIN own o ON o.atc = d.atc AND o.ald = i.IMB_ALD_NUM WHERE b.BEN_NIR_ANO = d.ano AND i.IMB_ALD_DTD <= d.EXE_SOI_DTD)) AS outside,
          count(*) FILTER (WHERE EXO_MTF <> 42 OR abs(BSE_REM_MNT - BSE_REM_BSE) > 0.01) AS not_full
        FROM d`);
      expect(Number(r.n)).toBeGreaterThan(500);
      // Only people in an ALD giving the drug get it, from its start, at 100% (IR_EXO_V 42).
      expect(Number(r.outside)).toBe(0);
      expect(Number(r.not_full)).toBe(0);
      // Most treated people of a year get their drug for every month: 10 months or more of 2019.
      const [m] = rows(`${lines}
        SELECT median(months) AS months FROM (
          SELECT count(DISTINCT c) AS months FROM (SELECT *, ${monthsOfLine('EXE_SOI_DTD', 'box')} AS c FROM d) d1
          WHERE year(EXE_SOI_DTD) = 2019 AND NOT EXISTS (SELECT 1 FROM IR_BEN_R b
            WHERE b.BEN_NIR_ANO = d1.ano AND b.BEN_DCD_DTE < DATE '2019-12-31' AND b.BEN_DCD_DTE > DATE '1600-01-01')
          GROUP BY ano, atc)`);
      expect(Number(m.months)).toBeGreaterThanOrEqual(10);
      // Most people of the ALDs with drugs take some: levodopa for Parkinson's disease.
      const treated = (ald: number, atc: string): number =>
        one(`WITH a AS (SELECT DISTINCT BEN_NIR_PSA FROM IR_IMB_R WHERE IMB_ALD_NUM = ${ald} AND IMB_ALD_DTD <= DATE '2019-01-01')
          SELECT count(DISTINCT d.BEN_NIR_PSA) / (SELECT count(*) FROM a) FROM ER_PRS_F d
          JOIN ER_PHA_F f USING (${PHA_KEY})
          JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13
          -- Before a change of BEN_NIR_PSA: the ALD's row has the person's first.
          WHERE d.BEN_NIR_PSA IN (SELECT * FROM a) AND m.PHA_ATC_C07 LIKE '${atc}%' AND d.EXE_SOI_DTD < DATE '2019-04-01'`);
      expect(treated(16, 'N04B')).toBeGreaterThan(0.6);
      expect(treated(9, 'N03A')).toBeGreaterThan(0.6);
    });

    it('should put the care of people with two BEN_NIR_PSA under the PSA of its date', () => {
      // The second PSA's row of IR_BEN_R is the one inserted later (BEN_DTE_INS).
      const byPerson = `WITH lines AS (SELECT *, BEN_DTE_INS > min(BEN_DTE_INS) OVER (PARTITION BY BEN_IDT_ANO) AS later FROM IR_BEN_R)
        SELECT b.BEN_NIR_ANO, count(*) AS n,
          count(*) FILTER (WHERE b.later) AS second,
          max(CASE WHEN NOT b.later THEN p.EXE_SOI_DTD END) AS last_first,
          min(CASE WHEN b.later THEN p.EXE_SOI_DTD END) AS first_second
        FROM ER_PRS_F p JOIN lines b USING (BEN_NIR_PSA, BEN_RNG_GEM)
        WHERE b.BEN_NIR_ANO IN (SELECT BEN_NIR_ANO FROM IR_BEN_R GROUP BY 1 HAVING count(*) > 1)
        GROUP BY 1`;
      const share = one(`SELECT sum(second) / sum(n) FROM (${byPerson})`);
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThan(0.8);
      expect(
        one(
          `SELECT count(*) FROM (${byPerson}) WHERE first_second <= last_first`
        )
      ).toBe(0);
    });

    it('should dispense more antibiotics in winter than in summer', () => {
      const lines = (months: string): number =>
        one(`SELECT count(*) FROM ER_PRS_F r JOIN ER_PHA_F f USING (${PHA_KEY})
             JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13
             WHERE m.PHA_ATC_C07 LIKE 'J01%' AND r.DPN_QLF <> 71 AND month(r.EXE_SOI_DTD) IN (${months})`);
      const ratio = lines('12, 1, 2') / lines('6, 7, 8');
      expect(ratio).toBeGreaterThan(1.3);
      expect(ratio).toBeLessThan(2.5);
    });

    it('should see GPs more in winter than in August', () => {
      const gp = readProfiles(DEFAULT_PROFILES).care.prsNat.gp;
      const visits = (months: string): number =>
        one(`SELECT count(*) FROM ER_PRS_F WHERE PRS_NAT_REF = ${gp} AND PRS_ORD_NUM = 1 AND DPN_QLF <> 71
             AND month(EXE_SOI_DTD) IN (${months})`);
      // care.json gpVisitMonthWeights: January 1.2, August 0.7 (they were equally likely).
      const ratio = visits('1') / visits('8');
      expect(ratio).toBeGreaterThan(1.3);
      expect(ratio).toBeLessThan(2.2);
    });

    it('should stop town care inside a full hospital stay, and move its visits to the discharge', () => {
      // Stays by BEN_NIR_PSA: the PMSI does not know BEN_RNG_GEM, so twins' PSAs are left out.
      // Visits (consultations) are the lines with no prescription date.
      const around = (yy: string): string =>
        `SELECT count(*) FILTER (WHERE f.EXE_SOI_DTD > c.ENT_DAT AND f.EXE_SOI_DTD < c.SOR_DAT) AS inside,
            count(*) FILTER (WHERE f.EXE_SOI_DTD = c.SOR_DAT AND f.PRE_PRE_DTD IS NULL) AS discharge,
            count(*) FILTER (WHERE f.EXE_SOI_DTD = c.SOR_DAT + 7 AND f.PRE_PRE_DTD IS NULL) AS week_after
          FROM T_MCO${yy}C c JOIN ER_PRS_F f ON f.BEN_NIR_PSA = c.NIR_ANO_17
          WHERE c.SOR_DAT - c.ENT_DAT >= 2
            AND c.NIR_ANO_17 NOT IN ${SHARED_PSA_SQL}`;
      for (const yy of ['19', '20']) {
        const [r] = rows(around(yy));
        expect(Number(r.inside)).toBe(0);
        // The visits the stay held come on the discharge day: more than on a day a week later.
        expect(Number(r.discharge)).toBeGreaterThan(2 * Number(r.week_after));
      }
    });

    it('should keep a person in one stay at a time, second stays and sessions included', () => {
      // check() finds no overlap (the dataset's check test); here: what the rule keeps.
      for (const yy of ['19', '20']) {
        const [r] =
          rows(`SELECT count(*) FILTER (WHERE n >= 2) AS two_full, sum(ses) AS sessions
          FROM (SELECT c.NIR_ANO_17, count(*) FILTER (WHERE c.SOR_DAT - c.ENT_DAT >= 1) AS n,
              count(*) FILTER (WHERE b.NBR_SEA = 1) AS ses
            FROM T_MCO${yy}C c JOIN T_MCO${yy}B b USING (ETA_NUM, RSA_NUM)
            WHERE b.SEJ_TYP IS NULL AND c.NIR_RET IS NOT TRUE AND c.NIR_ANO_17 NOT IN ${SHARED_PSA_SQL}
            GROUP BY 1)`);
        expect(Number(r.two_full)).toBeGreaterThan(10);
        expect(Number(r.sessions)).toBeGreaterThan(20);
      }
    });

    it('should admit COVID-19 patients from 2020 only, in its waves, at the rates of their sex and age', async () => {
      const { acuteStay } = readProfiles(DEFAULT_PROFILES).care;
      const [covid] = acuteStay.epidemics;
      const bands = acuteStay.icd10WeightsByAge.bands;
      const rateOf = (sex: 'male' | 'female'): string =>
        `CASE ${bands
          .map((lo, k) => ({ lo, k }))
          .reverse()
          .map(({ lo, k }) => `WHEN age >= ${lo} THEN ${covid.per100k[sex][k]}`)
          .join(' ')} END`;
      await withDataset(
        {
          patients: 40_000,
          seed: 5,
          years: [2019, 2020],
          products: ['beneficiaire', 'mco', 'deces']
        },
        people => {
          const stays = (yy: string): string =>
            `SELECT c.ENT_DAT, c.SOR_DAT, b.SEJ_NBJ, b.GRG_GHM, b.AGE_ANN, b.SOR_MOD = '9' AS dead, b.ENT_PRV = '5' AS emergency
              FROM T_MCO${yy}B b JOIN T_MCO${yy}C c USING (ETA_NUM, RSA_NUM) WHERE b.DGN_PAL = '${covid.icd10}'`;
          const [none] = rowsIn(
            people,
            `SELECT count(*) AS n FROM (${stays('19')})`
          );
          expect(Number(none.n)).toBe(0);
          // Expected: the profile's rates (2020's factor) over the people living on 1 January.
          const [r] = rowsIn(
            people,
            `WITH p AS (SELECT DISTINCT BEN_IDT_ANO, BEN_SEX_COD AS sex, 2020 - BEN_NAI_ANN AS age FROM IR_BEN_R
                WHERE BEN_DCD_DTE = DATE '1600-01-01' OR BEN_DCD_DTE >= DATE '2020-01-01'),
              s AS (${stays('20')})
            SELECT (SELECT sum(CASE WHEN sex = 1 THEN ${rateOf('male')} ELSE ${rateOf('female')} END) / 100000 * ${covid.yearFactors['2020']} FROM p) AS expected,
              (SELECT count(*) FROM s) AS n,
              (SELECT count(*) FROM s WHERE dead) AS deaths,
              (SELECT count(*) FROM s WHERE month(ENT_DAT) <= 2) AS jan_feb,
              (SELECT count(*) FROM s WHERE month(ENT_DAT) = 1) AS january,
              (SELECT count(*) FROM s WHERE month(ENT_DAT) IN (3, 4, 10, 11)) AS waves,
              (SELECT count(*) FROM s WHERE AGE_ANN >= 80) / (SELECT count(*) FROM p WHERE age >= 80) AS old,
              (SELECT count(*) FROM s WHERE AGE_ANN < 50) / (SELECT count(*) FROM p WHERE age < 50) AS young,
              (SELECT count(*) FROM s WHERE SEJ_NBJ = 0) AS ambulatory,
              (SELECT avg(CAST(emergency AS INTEGER)) FROM s WHERE SEJ_NBJ > 0 AND NOT dead) AS emergency,
              (SELECT avg(SEJ_NBJ) FROM s WHERE SEJ_NBJ > 0) AS nights,
              (SELECT count(*) FROM s WHERE substr(GRG_GHM, 1, 5) NOT IN ('04M04', '04M05')) AS other_ghm`
          );
          const n = Number(r.n) - Number(r.deaths);
          // Stays over a general stay and those that death cuts short are not made.
          expect(n / Number(r.expected)).toBeGreaterThan(0.8);
          expect(n / Number(r.expected)).toBeLessThan(1.1);
          expect(Number(r.jan_feb)).toBeLessThanOrEqual(n * 0.01);
          // Deaths' last stays too: none begins in January, of weight 0.
          expect(Number(r.january)).toBe(0);
          expect(Number(r.waves)).toBeGreaterThan(n * 0.6);
          expect(Number(r.old)).toBeGreaterThan(8 * Number(r.young));
          expect(Number(r.ambulatory)).toBeLessThan(n * 0.1);
          // Most through the emergency department (care.json: 75%; other stays 25%).
          expect(Number(r.emergency)).toBeGreaterThan(0.6);
          expect(Number(r.nights)).toBeGreaterThan(6);
          expect(Number(r.nights)).toBeLessThan(covid.meanStayDays + 2);
          expect(Number(r.other_ghm)).toBe(0);
          // Its deaths: from 2020, in its waves, with their last stay when they die in MCO.
          const [d] = rowsIn(
            people,
            `SELECT count(*) FILTER (WHERE FLX_PER_ANN = 2019 AND ECD_CIM_COD = '${covid.icd10}') AS before,
              count(*) FILTER (WHERE FLX_PER_ANN = 2020 AND ECD_CIM_COD = '${covid.icd10}') / count(*) FILTER (WHERE FLX_PER_ANN = 2020) AS share,
              count(*) FILTER (WHERE FLX_PER_ANN = 2020 AND ECD_CIM_COD = '${covid.icd10}' AND month(BEN_DCD_DTE) <= 2) AS jan_feb,
              count(*) FILTER (WHERE FLX_PER_ANN = 2020 AND ECD_CIM_COD = '${covid.icd10}' AND month(BEN_DCD_DTE) IN (3, 4, 10, 11)) / count(*) FILTER (WHERE FLX_PER_ANN = 2020 AND ECD_CIM_COD = '${covid.icd10}') AS waves,
              count(*) FILTER (WHERE ECD_CIM_COD = '${covid.icd10}' AND BEN_IDT_ANO IN (SELECT BEN_IDT_ANO FROM IR_BEN_R WHERE year(BEN_DCD_DTE) - BEN_NAI_ANN < ${covid.deathMinAge})) AS young,
              (SELECT count(*) FROM T_MCO20B WHERE DGN_PAL = '${covid.icd10}' AND SOR_MOD = '9') AS in_mco
            FROM KI_ECD_R WHERE ECD_CAU_RNG = 1`
          );
          expect(Number(d.before)).toBe(0);
          // The profile's 17% of other causes, about 10% of all deaths.
          expect(Number(d.share)).toBeGreaterThan(0.05);
          expect(Number(d.share)).toBeLessThan(0.17);
          expect(Number(d.jan_feb)).toBeLessThanOrEqual(1);
          // They die in the months of the waves (monthWeightsByYear: 70% in those four).
          expect(Number(d.waves)).toBeGreaterThan(0.55);
          expect(Number(d.young)).toBe(0);
          expect(Number(d.in_mco)).toBeGreaterThan(5);
          // Its own places of death: two thirds in hospital (others of age 65 to 79, about 60%),
          // nearly all of those in MCO, so that one stay in seven or eight ends in death.
          const [place] = rowsIn(
            people,
            `SELECT avg(CAST(DCD_LIE_COD IN (2, 3) AS DOUBLE)) FILTER (WHERE DCD_CIM_COD = '${covid.icd10}') AS hospital,
              avg(CAST(DCD_LIE_COD = 1 AS DOUBLE)) FILTER (WHERE DCD_CIM_COD = '${covid.icd10}') AS home
            FROM KI_CCI_R`
          );
          expect(Number(place.hospital)).toBeGreaterThan(0.55);
          expect(Number(place.home)).toBeLessThan(0.12);
          expect(Number(r.deaths) / Number(r.n)).toBeGreaterThan(0.08);
          expect(Number(r.deaths) / Number(r.n)).toBeLessThan(0.22);
        }
      );
      // Profiles without epidemics: none in 2020.
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.care.acuteStay.epidemics = [];
      await withDataset(
        {
          patients: 10_000,
          seed: 5,
          years: [2020],
          products: ['mco', 'deces']
        },
        people => {
          const [r] = rowsIn(
            people,
            `SELECT (SELECT count(*) FROM T_MCO20B WHERE DGN_PAL = '${covid.icd10}') AS stays,
              (SELECT count(*) FROM KI_ECD_R WHERE ECD_CIM_COD = '${covid.icd10}') AS deaths,
              (SELECT count(*) FROM T_MCO20B) AS all_stays`
          );
          expect(Number(r.stays) + Number(r.deaths)).toBe(0);
          expect(Number(r.all_stays)).toBeGreaterThan(1000);
        },
        await compileProgram({ dictionary, loader, profiles })
      );
    });

    it('should put off planned stays in the lockdowns of 2020, not emergencies nor deliveries', async () => {
      // General stays by kind in 2019 and 2020 (no COVID-19, session or PIE), by entry month.
      const byKind = `SELECT year(c.ENT_DAT) AS y, month(c.ENT_DAT) AS m,
          CASE WHEN substr(b.DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' THEN 'delivery'
            WHEN b.ENT_PRV = '5' THEN 'emergency' ELSE 'planned' END AS k, count(*) AS n
        FROM (SELECT * FROM T_MCO19B UNION ALL SELECT * FROM T_MCO20B) b
        JOIN (SELECT * FROM T_MCO19C UNION ALL SELECT * FROM T_MCO20C) c USING (ETA_NUM, RSA_NUM)
        WHERE b.DGN_PAL <> 'U071' AND b.NBR_SEA = 0 AND b.SEJ_TYP IS NULL AND year(c.ENT_DAT) IN (2019, 2020)
        GROUP BY ALL`;
      // 2020 over 2019: of a kind, in some months (all by default).
      const ratio = (
        own: EngineSession,
        k: string,
        months = '1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12'
      ): number => {
        const [r] = rowsIn(
          own,
          `SELECT sum(n) FILTER (WHERE y = 2020) / sum(n) FILTER (WHERE y = 2019) AS r
            FROM (${byKind}) WHERE k = '${k}' AND m IN (${months})`
        );
        return Number(r.r);
      };
      await withDataset(
        { patients: 40_000, seed: 8, years: [2019, 2020], products: ['mco'] },
        own => {
          // The profile keeps 40% in April, 85% over the year.
          expect(ratio(own, 'planned', '4')).toBeLessThan(0.55);
          expect(ratio(own, 'planned', '4')).toBeGreaterThan(0.25);
          expect(ratio(own, 'planned')).toBeLessThan(0.9);
          expect(ratio(own, 'planned')).toBeGreaterThan(0.78);
          expect(ratio(own, 'planned', '1, 2')).toBeGreaterThan(0.9);
          expect(ratio(own, 'emergency')).toBeGreaterThan(0.9);
          expect(ratio(own, 'delivery')).toBeGreaterThan(0.85);
        }
      );
      // Without plannedStaysKeptByMonth, 2020 keeps them all.
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.care.acuteStay.plannedStaysKeptByMonth = {};
      await withDataset(
        { patients: 20_000, seed: 8, years: [2019, 2020], products: ['mco'] },
        own => {
          expect(ratio(own, 'planned', '3, 4, 5')).toBeGreaterThan(0.9);
        },
        await compileProgram({ dictionary, loader, profiles })
      );
    });

    it('should raise the deaths of a year by its excess mortality', async () => {
      // Deaths of 2020 over 2019, and the share of 2019's with the default profiles.
      const ratio = (own: EngineSession): number =>
        Number(
          rowsIn(
            own,
            `SELECT count(*) FILTER (WHERE year(BEN_DCD_DTE) = 2020) / count(*) FILTER (WHERE year(BEN_DCD_DTE) = 2019) AS r
              FROM (SELECT DISTINCT BEN_NIR_ANO, BEN_DCD_DTE FROM IR_BEN_R)`
          )[0].r
        );
      const options = {
        patients: 20_000,
        seed: 4,
        years: [2019, 2020],
        products: ['beneficiaire']
      };
      let usual = 0;
      await withDataset(options, own => {
        usual = ratio(own);
        // 7% more in 2020, and the cohort a year older.
        expect(usual).toBeGreaterThan(0.95);
        expect(usual).toBeLessThan(1.3);
      });
      // Deaths of the conditions and of other causes but COVID-19 follow no season: a third
      // in the four months of the waves, as in 2019 (COVID-19's own are 70% there).
      const { deaths, care } = readProfiles(DEFAULT_PROFILES);
      const excluded = [
        ...deaths.otherCauses.codes,
        ...care.acuteStay.epidemics.map(e => e.icd10)
      ]
        .map(c => `'${c}'`)
        .join(', ');
      await withDataset(
        { ...options, patients: 200_000, products: ['deces'] },
        own => {
          const [r] = rowsIn(
            own,
            `SELECT avg(CAST(month(BEN_DCD_DTE) IN (3, 4, 10, 11) AS DOUBLE)) FILTER (WHERE DCD_CIM_COD NOT IN (${excluded})) AS conditions,
              avg(CAST(month(BEN_DCD_DTE) IN (3, 4, 10, 11) AS DOUBLE)) FILTER (WHERE DCD_CIM_COD IN (${deaths.otherCauses.codes.map(c => `'${c}'`).join(', ')})) AS others
            FROM KI_CCI_R WHERE year(BEN_DCD_DTE) = 2020`
          );
          for (const share of [r.conditions, r.others]) {
            expect(Number(share)).toBeGreaterThan(0.28);
            expect(Number(share)).toBeLessThan(0.36);
          }
        }
      );
      // Doubled in 2020: twice as many, about.
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.population.mortalityYearFactors = { '2020': 2 };
      await withDataset(
        options,
        own => {
          expect(ratio(own)).toBeGreaterThan(1.6 * usual);
          expect(ratio(own)).toBeLessThan(2.4 * usual);
        },
        await compileProgram({ dictionary, loader, profiles })
      );
    });

    it('should price a GP visit at the tariff of its day, and a visit by video at its own', async () => {
      const { care } = readProfiles(DEFAULT_PROFILES);
      const video = care.teleconsultation!;
      // The price of a tariff on a day (YYYY-MM-DD): the last given from that day or before.
      const priceOn = (t: number | Record<string, number>, day: string) => {
        if (typeof t === 'number') {
          return t;
        }
        const from = Object.keys(t).sort();
        return t[from.filter(f => f <= day).pop() ?? from[0]];
      };
      await withDataset(
        {
          patients: 1000,
          seed: 3,
          years: [2023, 2024, 2025],
          products: ['dcir']
        },
        own => {
          const lines = rowsIn(
            own,
            `SELECT DISTINCT PRS_NAT_REF AS nat, strftime(EXE_SOI_DTD, '%Y-%m-%d') AS d,
                CAST(BSE_REM_PRU AS DOUBLE) AS p
              FROM ER_PRS_F WHERE PRS_NAT_REF IN (${care.prsNat.gp}, ${video.prsNat.gp}, ${care.prsNat.specialist})`
          );
          const wrong = lines.filter(
            l =>
              Number(l.p) !==
              priceOn(
                Number(l.nat) === care.prsNat.gp
                  ? care.prices.gp
                  : Number(l.nat) === video.prsNat.gp
                    ? video.prices.gp!
                    : care.prices.specialist,
                String(l.d)
              )
          );
          expect(wrong.slice(0, 3)).toEqual([]);
          // 25 EUR, then 26.50 from November 2023, then 30 from 22 December 2024.
          const gpPrices = new Set(
            lines
              .filter(l => Number(l.nat) === care.prsNat.gp)
              .map(l => Number(l.p))
          );
          expect([...gpPrices].sort((a, b) => a - b)).toEqual([25, 26.5, 30]);
          expect(
            new Set(
              lines
                .filter(l => Number(l.nat) === video.prsNat.gp)
                .map(l => Number(l.p))
            )
          ).toEqual(new Set([25]));
        }
      );
    });

    it('should lose town visits in the lockdowns of 2020 and make some by video', async () => {
      const { care } = readProfiles(DEFAULT_PROFILES);
      const { prsNat } = care;
      const video = care.teleconsultation!.prsNat;
      // Net acts (no line for information, no regularisation) by nature, year and month.
      const acts = `SELECT PRS_NAT_REF AS nat, year(EXE_SOI_DTD) AS y, month(EXE_SOI_DTD) AS m, count(*) AS n
        FROM ER_PRS_F WHERE DPN_QLF <> 71 AND PRS_ACT_QTE > 0 GROUP BY ALL`;
      // 2020 over 2019: acts of some natures in some months.
      const ratio = (
        own: EngineSession,
        nats: number[],
        months: string
      ): number =>
        Number(
          rowsIn(
            own,
            `SELECT sum(n) FILTER (WHERE y = 2020) / sum(n) FILTER (WHERE y = 2019) AS r
              FROM (${acts}) WHERE nat IN (${nats.join(', ')}) AND m IN (${months})`
          )[0].r
        );
      const byVideo = (own: EngineSession, y: number, months: string): number =>
        Number(
          rowsIn(
            own,
            `SELECT coalesce(sum(n) FILTER (WHERE nat = ${video.gp}), 0) / sum(n) AS r
              FROM (${acts}) WHERE nat IN (${prsNat.gp}, ${video.gp}) AND y = ${y} AND m IN (${months})`
          )[0].r
        );
      const gp = [prsNat.gp, video.gp];
      await withDataset(
        { patients: 20_000, seed: 5, years: [2019, 2020], products: ['dcir'] },
        own => {
          // The profile keeps 60% of the GP visits other than renewals in April, 45% of
          // the specialists' other than follow-ups; a quarter of GP visits by video.
          expect(ratio(own, gp, '4')).toBeGreaterThan(0.6);
          expect(ratio(own, gp, '4')).toBeLessThan(0.88);
          expect(
            ratio(own, [prsNat.specialist, video.specialist], '4')
          ).toBeLessThan(0.65);
          expect(
            ratio(own, [prsNat.specialist, video.specialist], '4')
          ).toBeGreaterThan(0.3);
          expect(ratio(own, gp, '7, 8, 9, 10')).toBeGreaterThan(0.94);
          expect(ratio(own, gp, '1, 2')).toBeGreaterThan(0.94);
          // Prescriptions are lost with their visits.
          expect(ratio(own, [prsNat.biology], '4')).toBeLessThan(0.92);
          expect(
            byVideo(own, 2019, '1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12')
          ).toBe(0);
          expect(byVideo(own, 2020, '1, 2')).toBe(0);
          expect(byVideo(own, 2020, '4')).toBeGreaterThan(0.15);
          expect(byVideo(own, 2020, '4')).toBeLessThan(0.35);
          expect(byVideo(own, 2020, '7, 8, 9')).toBeLessThan(0.06);
          // A prescription of 2020 has its visit, by video or not, on its day.
          expect(
            Number(
              rowsIn(
                own,
                `WITH people AS (SELECT DISTINCT BEN_NIR_PSA, BEN_RNG_GEM, BEN_NIR_ANO FROM IR_BEN_R),
                  lines AS (SELECT b.BEN_NIR_ANO, p.* FROM ER_PRS_F p JOIN people b USING (BEN_NIR_PSA, BEN_RNG_GEM)),
                  visits AS (SELECT DISTINCT BEN_NIR_ANO, PFS_EXE_NUM, EXE_SOI_DTD FROM lines WHERE PRE_PRE_DTD IS NULL)
                SELECT count(*) AS n FROM lines a WHERE year(a.PRE_PRE_DTD) = 2020
                  AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.BEN_NIR_ANO = a.BEN_NIR_ANO AND v.PFS_EXE_NUM = a.PFS_PRE_NUM AND v.EXE_SOI_DTD = a.PRE_PRE_DTD)`
              )[0].n
            )
          ).toBe(0);
        }
      );
      // Without the fields, 2020 is as 2019.
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.care.townVisitsKeptByMonth = { gp: {}, specialist: {} };
      delete profiles.care.teleconsultation;
      await withDataset(
        { patients: 10_000, seed: 5, years: [2019, 2020], products: ['dcir'] },
        own => {
          expect(ratio(own, gp, '3, 4, 5')).toBeGreaterThan(0.93);
          expect(byVideo(own, 2020, '4')).toBe(0);
        },
        await compileProgram({ dictionary, loader, profiles })
      );
    });

    it('should date prescriptions on or before the care, and consultations not at all', () => {
      const { care, conditions } = readProfiles(DEFAULT_PROFILES);
      const { prescriptionLag: lag, prsNat } = care;
      const of = (nat: number): Record<string, unknown> =>
        rows(`SELECT count(*) AS n, count(PRE_PRE_DTD) AS dated,
            avg(CAST(PRE_PRE_DTD = EXE_SOI_DTD AS DOUBLE)) AS same_day,
            max(EXE_SOI_DTD - PRE_PRE_DTD) AS max_lag,
            count(*) FILTER (WHERE PRE_PRE_DTD > EXE_SOI_DTD) AS after
          FROM ER_PRS_F WHERE PRS_NAT_REF = ${nat}`)[0];
      for (const nat of [prsNat.gp, prsNat.specialist]) {
        expect(Number(of(nat).n)).toBeGreaterThan(1000);
        expect(Number(of(nat).dated)).toBe(0);
      }
      const drugs = of(prsNat.pharmacy);
      expect(Number(drugs.dated)).toBe(Number(drugs.n));
      expect(Number(drugs.after)).toBe(0);
      // The longest: the last month of a specialist's follow-up.
      const months = Math.max(
        ...conditions.conditions.map(c => c.specialistFollowUpMonths)
      );
      expect(Number(drugs.max_lag)).toBeGreaterThan((months - 1) * 28);
      expect(Number(drugs.max_lag)).toBeLessThanOrEqual(
        (months - 1) * 31 + care.chronicRenewal.spreadDays
      );
      expect(Number(drugs.same_day)).toBeGreaterThan(0.3);
      expect(Number(drugs.same_day)).toBeLessThan(lag.acute.sameDayPct / 100);
      const biology = of(prsNat.biology);
      expect(Number(biology.after)).toBe(0);
      expect(Number(biology.max_lag)).toBe(lag.biology.maxDays);
      expect(
        one(
          'SELECT count(*) FROM ER_PRS_F WHERE PRE_PRE_AMD IS DISTINCT FROM CAST(year(PRE_PRE_DTD) * 100 + month(PRE_PRE_DTD) AS VARCHAR)'
        )
      ).toBe(0);
    });

    it('should give people a declared GP who sees them most, and chronic drugs prescribed by GPs or the condition specialist', () => {
      const { care, conditions } = readProfiles(DEFAULT_PROFILES);
      const pr = care.practitioners;
      const [gp] =
        rows(`SELECT avg(CAST(PRS_MTT_NUM IS NOT NULL AS DOUBLE)) AS declared,
          avg(CAST(PFS_EXE_NUM = PRS_MTT_NUM AS DOUBLE)) AS by_declared
        FROM ER_PRS_F WHERE PRS_NAT_REF = ${care.prsNat.gp} AND DPN_QLF <> 71`);
      expect(Number(gp.declared)).toBeCloseTo(pr.declaredGpPct / 100, 1);
      // Declared GPs make byDeclaredGpPct of the visits, and some of the rest by chance.
      expect(Number(gp.by_declared)).toBeGreaterThan(pr.byDeclaredGpPct / 100);
      expect(Number(gp.by_declared)).toBeLessThan(0.97);
      // Antidiabetics: prescribed by a GP or the diabetes specialist, at the profile's shares.
      const diabetes = conditions.conditions.find(c => c.id === 'diabetes')!;
      const [a10] = rows(`SELECT count(*) AS n,
          avg(CAST(r.PSP_SPE_COD = ${diabetes.specialty} AS DOUBLE)) AS specialist,
          count(*) FILTER (WHERE r.PSP_SPE_COD NOT IN (${care.specialties.gp}, ${diabetes.specialty})) AS other
        FROM ER_PRS_F r JOIN ER_PHA_F f USING (${PHA_KEY})
        JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13
        WHERE m.PHA_ATC_C07 LIKE 'A10%' AND r.DPN_QLF <> 71`);
      expect(Number(a10.n)).toBeGreaterThan(1000);
      expect(Number(a10.specialist)).toBeGreaterThan(
        diabetes.specialistPrescriptionPct / 200
      );
      expect(Number(a10.specialist)).toBeLessThan(
        (diabetes.specialistPrescriptionPct * 2) / 100
      );
      expect(Number(a10.other)).toBe(0);
      // Each specialist of a person is the same practitioner every time.
      expect(
        one(`SELECT count(*) FROM (SELECT BEN_NIR_PSA, BEN_RNG_GEM, PSE_SPE_COD FROM ER_PRS_F
          WHERE PRS_NAT_REF = ${care.prsNat.specialist} GROUP BY ALL HAVING count(DISTINCT PFS_EXE_NUM) > 1)`)
      ).toBe(0);
      // Pharmacies and nurses: specialty 0, the activity nature instead.
      expect(
        one(`SELECT count(*) FROM ER_PRS_F WHERE PRS_NAT_REF = ${care.prsNat.pharmacy}
          AND (PSE_SPE_COD <> 0 OR PSE_ACT_NAT <> ${pr.activity.pharmacy})`)
      ).toBe(0);
    });

    it("should prescribe care at a visit of the person, by that visit's practitioner, on its day", () => {
      const { care } = readProfiles(DEFAULT_PROFILES);
      const acute = care.acuteAtc.map(a => `'${a}'`).join(', ');
      // Visits in person or by video (from 2020).
      const visitNatures = [
        care.prsNat.gp,
        care.prsNat.specialist,
        ...Object.values(care.teleconsultation?.prsNat ?? {})
      ].join(', ');
      // A person's lines, by BEN_NIR_ANO: a visit and its care may fall either side of a
      // change of BEN_NIR_PSA. Prescriptions of the year before have their visit before 2019.
      const found =
        rows(`WITH people AS (SELECT DISTINCT BEN_NIR_PSA, BEN_RNG_GEM, BEN_NIR_ANO FROM IR_BEN_R),
          lines AS (SELECT p.BEN_NIR_ANO, r.* FROM ER_PRS_F r JOIN people p USING (BEN_NIR_PSA, BEN_RNG_GEM)),
          visits AS (SELECT DISTINCT BEN_NIR_ANO, PFS_EXE_NUM, EXE_SOI_DTD FROM lines WHERE PRS_NAT_REF IN (${visitNatures}))
        SELECT CASE WHEN a.PRS_NAT_REF <> ${care.prsNat.pharmacy} THEN CAST(a.PRS_NAT_REF AS VARCHAR)
            WHEN m.PHA_ATC_C07 IN (${acute}) THEN 'acute'
            WHEN a.PSP_SPE_COD = ${care.specialties.gp} THEN 'chronic, GP' ELSE 'chronic, specialist' END AS what,
          count(*) AS n, count(v.BEN_NIR_ANO) AS found,
          avg(CAST(a.EXE_SOI_DTD = a.PRE_PRE_DTD AS DOUBLE)) AS same_day
        FROM lines a LEFT JOIN ER_PHA_F f USING (${PHA_KEY})
        LEFT JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13
        LEFT JOIN visits v ON v.BEN_NIR_ANO = a.BEN_NIR_ANO AND v.PFS_EXE_NUM = a.PFS_PRE_NUM AND v.EXE_SOI_DTD = a.PRE_PRE_DTD
        WHERE a.PRE_PRE_DTD >= DATE '2019-01-01'
        GROUP BY 1 ORDER BY 1`);
      expect(found.map(r => r.what)).toEqual(
        [
          String(care.prsNat.biology),
          String(care.prsNat.nursing),
          'acute',
          'chronic, GP',
          'chronic, specialist'
        ].sort()
      );
      for (const r of found) {
        expect(Number(r.n)).toBeGreaterThan(500);
        expect(Number(r.found)).toBe(Number(r.n));
      }
      const acuteLines = found.find(r => r.what === 'acute')!;
      expect(Number(acuteLines.same_day)).toBeGreaterThan(
        care.prescriptionLag.acute.sameDayPct / 100 - 0.03
      );
    });

    it("should renew a GP's chronic prescription every few months, each dispensed monthly or at once in a box of three months", () => {
      const { care, conditions } = readProfiles(DEFAULT_PROFILES);
      const renewal = care.chronicRenewal;
      const chronic = [...new Set(conditions.conditions.flatMap(chronicAtcOf))]
        .map(a => `'${a}'`)
        .join(', ');
      // Dispensations of a drug from one prescription: a person, a day, an ATC code, by the
      // months its box holds.
      const [monthly, quarterly] = rows(`WITH d AS (
          SELECT p.BEN_NIR_PSA, p.PRE_PRE_DTD, m.PHA_ATC_C07, p.EXE_SOI_DTD - p.PRE_PRE_DTD AS lag, ${BOX_MONTHS} AS box
          FROM ${DISPENSED}
          WHERE p.PSP_SPE_COD = ${care.specialties.gp} AND p.DPN_QLF <> 71 AND p.PRS_ORD_NUM = 1 AND m.PHA_ATC_C07 IN (${chronic})
        ), p AS (SELECT box, count(*) AS n, max(lag) AS last FROM d GROUP BY BEN_NIR_PSA, PRE_PRE_DTD, PHA_ATC_C07, box)
        SELECT box, count(*) AS prescriptions, mode(n) AS usual, avg(n) AS mean, max(n) AS most, max(last) AS max_lag,
          avg(CAST(n = ${renewal.everyMonths} AS DOUBLE)) AS full_share FROM p GROUP BY box ORDER BY box`);
      expect(Number(monthly.box)).toBe(1);
      expect(Number(monthly.usual)).toBe(renewal.everyMonths);
      expect(Number(monthly.mean)).toBeGreaterThan(renewal.everyMonths - 1);
      expect(Number(monthly.full_share)).toBeGreaterThan(0.5);
      expect(Number(monthly.max_lag)).toBeLessThanOrEqual(
        (renewal.everyMonths - 1) * 31 + renewal.spreadDays
      );
      // A box of three months: once, within the first dispensation's days of the renewal.
      expect(Number(quarterly.box)).toBe(3);
      expect(Number(quarterly.prescriptions)).toBeGreaterThan(100);
      expect(Number(quarterly.most)).toBe(1);
      expect(Number(quarterly.max_lag)).toBeLessThanOrEqual(
        renewal.firstDispensation.maxDays
      );
    });

    it('should dispense the units of the days treated, in boxes of one month or of three', async () => {
      // Statins of 2019 for people alive all year, treated from its first quarter: the units
      // dispensed before their last dispensation over the days between the first and it.
      const coverage = (on: EngineSession): Record<string, unknown>[] =>
        rowsIn(
          on,
          `WITH l AS (SELECT p.BEN_NIR_PSA, CAST(m.PHA_UPC_NBR AS INTEGER) AS units, p.EXE_SOI_DTD AS d, sum(f.PHA_ACT_QSN) AS boxes
              FROM ${DISPENSED}
              WHERE m.PHA_ATC_C07 LIKE 'C10AA%' AND year(p.EXE_SOI_DTD) = 2019 AND p.DPN_QLF <> 71
                AND p.BEN_DCD_DTE = DATE '1600-01-01' GROUP BY 1, 2, 3),
            u AS (SELECT BEN_NIR_PSA, units, count(*) AS lines, (sum(boxes) - arg_max(boxes, d)) * units / (max(d) - min(d)) AS ratio
              FROM l GROUP BY 1, 2 HAVING min(d) < DATE '2019-04-01' AND count(*) >= 3)
          SELECT units, count(*) AS people, avg(ratio) AS ratio, median(lines) AS lines FROM u GROUP BY 1 ORDER BY 1`
        );
      const [b30, b90] = coverage(session);
      expect([Number(b30.units), Number(b90.units)]).toEqual([30, 90]);
      expect(Number(b30.people)).toBeGreaterThan(20);
      expect(Number(b90.people)).toBeGreaterThan(20);
      // One box in ten is a double one (care.json): a little over one unit a day.
      for (const r of [b30, b90]) {
        expect(Number(r.ratio)).toBeGreaterThan(0.95);
        expect(Number(r.ratio)).toBeLessThan(1.3);
      }
      expect(Number(b30.lines)).toBeGreaterThanOrEqual(11);
      expect(Number(b90.lines)).toBeLessThanOrEqual(5);
      // One box of three months at a time, and none for a short course (NSAIDs, painkillers).
      expect(
        one(
          `SELECT count(*) FROM ${DISPENSED} WHERE ${BOX_MONTHS} > 1 AND (f.PHA_ACT_QSN > 1 OR m.PHA_ATC_C07 LIKE 'M01A%' OR m.PHA_ATC_C07 LIKE 'N02B%')`
        )
      ).toBe(0);
      // Boxes of 90 given every month, as they were without `months`: three times too many.
      const profiles = readProfiles(DEFAULT_PROFILES);
      for (const f of profiles.care.drugForms) {
        f.presentations.forEach(x => delete x.months);
      }
      const made = await compileProgram({ dictionary, loader, profiles });
      await withDataset(
        { patients: 2000, seed: 42, years: [2019] },
        own => {
          const [, monthly] = coverage(own);
          expect(Number(monthly.ratio)).toBeGreaterThan(2.5);
        },
        made
      );
    });

    it('should give the drug referential the galenic forms of each ATC class', () => {
      const count = (where: string): number =>
        one(`SELECT count(*) FROM IR_PHA_R WHERE ${where}`);
      expect(count("PHA_ATC_C07 LIKE 'A10A%'")).toBeGreaterThan(0);
      expect(
        count("PHA_ATC_C07 LIKE 'A10A%' AND PHA_MED_NOM NOT LIKE '% INJ %'")
      ).toBe(0);
      expect(
        count("PHA_ATC_C07 LIKE 'R03A%' AND PHA_MED_NOM NOT LIKE '%INHAL%'")
      ).toBe(0);
      expect(
        count(
          "PHA_ATC_C07 LIKE 'C10%' AND (PHA_MED_NOM NOT LIKE '% CPR %' OR CAST(PHA_UPC_NBR AS INTEGER) NOT IN (30, 90))"
        )
      ).toBe(0);
    });

    it('should price a pack by its units: a box of 90 costs three boxes of 30', () => {
      const [row] =
        rows(`SELECT a.PHA_PRI_UNI AS p30, b.PHA_PRI_UNI AS p90 FROM IR_PHA_R a JOIN IR_PHA_R b USING (PHA_ATC_C07)
        WHERE a.PHA_ATC_C07 = 'C10AA05' AND a.PHA_UPC_NBR = '30' AND b.PHA_UPC_NBR = '90'`);
      expect(Number(row.p90)).toBeCloseTo(3 * Number(row.p30), 1);
      expect(Number(row.p30)).toBeGreaterThan(1);
      expect(Number(row.p30)).toBeLessThan(20);
    });

    it('should give stays the ages of their diagnoses, and pay deliveries at 100%', () => {
      // No carpal tunnel release nor gallstones for children: they draw another diagnosis.
      expect(
        one(
          "SELECT count(*) FROM T_MCO19B WHERE AGE_ANN < 15 AND substr(DGN_PAL, 1, 3) IN ('G56', 'K80', 'H25', 'M16', 'M17')"
        )
      ).toBe(0);
      // Not even a stay ending in an accidental death: a hip fracture is from 50.
      expect(
        one(
          "SELECT count(*) FROM (SELECT * FROM T_MCO19B UNION ALL SELECT * FROM T_MCO20B) WHERE AGE_ANN < 50 AND DGN_PAL LIKE 'S72%'"
        )
      ).toBe(0);
      // Paid whole: deliveries and stays for a condition in ALD, not a general stay.
      expect(
        one(`SELECT count(*) FROM T_MCO19B s JOIN T_MCO19VALO v USING (ETA_NUM, RSA_NUM)
               WHERE v.TAUX2 = 100 AND s.DGN_PAL IN ('H251', 'G560', 'K802', 'K359', 'M161', 'M171', 'R074')`)
      ).toBe(0);
      expect(
        one('SELECT count(*) FROM T_MCO19B WHERE AGE_ANN < 15')
      ).toBeGreaterThan(0);
      const deliveries =
        rows(`SELECT CAST(v.TAUX2 AS INTEGER) AS rate, count(*) AS n FROM T_MCO19B s
        JOIN T_MCO19VALO v USING (ETA_NUM, RSA_NUM) WHERE substr(s.DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' GROUP BY 1`);
      expect(deliveries.map(r => Number(r.rate))).toEqual([100]);
      // One delivery a woman a year at most, vaginal or by caesarean.
      expect(
        one(`SELECT count(*) FROM (SELECT b.BEN_NIR_PSA FROM T_MCO19B s JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM)
               JOIN IR_BEN_R b ON b.BEN_NIR_PSA = c.NIR_ANO_17
               WHERE substr(s.DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' AND s.SEJ_TYP IS DISTINCT FROM 'B' GROUP BY 1 HAVING count(*) > 1)`)
      ).toBe(0);
    });

    it('should give general stays the sexes and ages of their diagnoses', async () => {
      await withDataset(
        {
          patients: 30_000,
          seed: 9,
          years: [2019],
          products: ['beneficiaire', 'mco']
        },
        pmsi => {
          const stats = Object.fromEntries(
            rowsIn(
              pmsi,
              `SELECT substr(DGN_PAL, 1, 3) AS dp, avg(AGE_ANN) AS age,
               avg(CASE WHEN COD_SEX = '2' THEN 1 ELSE 0 END) AS women, count(*) AS n
             FROM T_MCO19B WHERE SEJ_TYP IS DISTINCT FROM 'B' GROUP BY 1`
            ).map(r => [r.dp, { age: Number(r.age), women: Number(r.women) }])
          );
          // Hip fractures: about three women for one man (they were half women).
          expect(stats.S72.women).toBeGreaterThan(0.62);
          // Mothers are 30.7 on average (INSEE 2019); deliveries were flat from 15 to 49.
          expect(stats.O80.age).toBeGreaterThan(27);
          expect(stats.O80.age).toBeLessThan(33);
          expect(stats.H25.age).toBeGreaterThan(65);
          expect(stats.K35.age).toBeLessThan(35);
          // Pneumonias took the young people's ruled-out stays (a mean age of about 46); the
          // other diagnoses take them now.
          expect(stats.J18.age).toBeGreaterThan(52);
          // General stays are spread over many diagnoses, each near its national rate: the
          // twelve codes of before carried all of them, appendicitis at 17 times its rate.
          const other = pmsi
            .query(
              `SELECT count(DISTINCT DGN_PAL) AS codes,
              avg(CASE WHEN list_contains(${JSON.stringify(readProfiles(DEFAULT_PROFILES).care.acuteStay.icd10).replaceAll('"', "'")}, DGN_PAL) THEN 0 ELSE 1 END) AS share
            FROM T_MCO19B WHERE NBR_SEA = 0 AND SEJ_TYP IS DISTINCT FROM 'B'`
            )
            .toArray()[0]
            .toJSON();
          expect(Number(other.codes)).toBeGreaterThan(500);
          expect(Number(other.share)).toBeGreaterThan(0.35);
          expect(Number(other.share)).toBeLessThan(0.75);
          const per100k = (dp: string): number =>
            firstIn(
              pmsi,
              `SELECT 100000 * (SELECT count(*) FROM T_MCO19B WHERE DGN_PAL = '${dp}' AND SEJ_TYP IS DISTINCT FROM 'B')
               / (SELECT count(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R) AS r`
            );
          // ATIH 2019, per 100,000 people a year: appendectomies about 120, cataracts about
          // 1,300, inguinal hernias about 250.
          expect(per100k('K359')).toBeGreaterThan(50);
          expect(per100k('K359')).toBeLessThan(200);
          expect(per100k('H251')).toBeGreaterThan(800);
          expect(per100k('H251')).toBeLessThan(1800);
          expect(per100k('K409')).toBeGreaterThan(120);
          expect(per100k('K409')).toBeLessThan(400);
          const count = (where: string): number =>
            firstIn(
              pmsi,
              `SELECT count(*) AS n FROM T_MCO19B WHERE SEJ_TYP IS DISTINCT FROM 'B' AND ${where}`
            );
          // Bronchiolitis is of infants only, about 5% of the stays under 5 here: it once came
          // out at a quarter of its rate, three in four of its draws falling on older children.
          expect(count("DGN_PAL LIKE 'J21%' AND AGE_ANN > 2")).toBe(0);
          expect(count("DGN_PAL LIKE 'J21%'")).toBeGreaterThan(
            0.03 * count('AGE_ANN <= 4 AND NBR_SEA = 0')
          );
          // Other diagnoses of the old (dementia, arthrosis, chronic kidney disease) were
          // drawn at any age.
          expect(
            count(
              "AGE_ANN < 35 AND substr(DGN_PAL, 1, 3) IN ('G30', 'G20', 'M15', 'M19', 'M81', 'N18')"
            )
          ).toBe(0);
          const perWoman = pmsi
            .query(
              `SELECT (SELECT count(*) FROM T_MCO19B WHERE substr(DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' AND SEJ_TYP IS DISTINCT FROM 'B')
             / (SELECT count(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R WHERE BEN_SEX_COD = 2 AND 2019 - BEN_NAI_ANN BETWEEN 15 AND 49) AS r`
            )
            .toArray()[0].r;
          // About 5 births a year per 100 women of 15 to 49 in France; 1.5 before.
          expect(Number(perWoman)).toBeGreaterThan(0.03);
          expect(Number(perWoman)).toBeLessThan(0.08);
          // A caesarean for about one birth in five (there were none), in 14C08 with its act.
          const births = pmsi
            .query(
              `SELECT count(*) FILTER (WHERE DGN_PAL LIKE 'O82%') / count(*) AS caesareans,
                 count(*) FILTER (WHERE DGN_PAL LIKE 'O82%' AND (GRG_GHM NOT LIKE '14C08%' OR NOT EXISTS (
                   SELECT 1 FROM T_MCO19A a WHERE a.ETA_NUM = s.ETA_NUM AND a.RSA_NUM = s.RSA_NUM AND a.CDC_ACT LIKE 'JQGA00%'))) AS odd
               FROM T_MCO19B s WHERE substr(DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' AND SEJ_TYP IS DISTINCT FROM 'B'`
            )
            .toArray()[0]
            .toJSON();
          expect(Number(births.caesareans)).toBeGreaterThan(0.15);
          expect(Number(births.caesareans)).toBeLessThan(0.27);
          expect(Number(births.odd)).toBe(0);
          // From 50, a band's general stays come out at the profile's national rate, though
          // people with a condition are admitted up to 1.7 times more: the compiler divides
          // that excess out (without it: 1.3 to 1.7 times the rate from 65). Sessions, stays
          // for another establishment, stays ending in death and the conditions' own aside.
          const profiles = readProfiles(DEFAULT_PROFILES);
          const stay = profiles.care.acuteStay;
          const own = profiles.conditions.conditions.flatMap(conditionCodes);
          const band = (age: string): string =>
            `CASE WHEN ${age} >= 80 THEN 9 WHEN ${age} >= 65 THEN 8 ELSE 7 END`;
          const general = rowsIn(
            pmsi,
            `SELECT s, b, sum(stays) / sum(people) * 100000 AS rate FROM (
                 SELECT CAST(COD_SEX AS INTEGER) AS s, ${band('AGE_ANN')} AS b, count(*) AS stays, 0 AS people
                 FROM T_MCO19B WHERE AGE_ANN >= 50 AND NBR_SEA = 0 AND SOR_MOD <> '9'
                   AND SEJ_TYP IS DISTINCT FROM 'B' AND NOT list_contains(${JSON.stringify(own).replaceAll('"', "'")}, DGN_PAL)
                 GROUP BY ALL
                 UNION ALL
                 SELECT BEN_SEX_COD, ${band('2019 - BEN_NAI_ANN')}, 0, count(DISTINCT BEN_IDT_ANO)
                 FROM IR_BEN_R WHERE 2019 - BEN_NAI_ANN >= 50 GROUP BY ALL
               ) GROUP BY ALL ORDER BY ALL`
          );
          expect(general).toHaveLength(6);
          for (const r of general) {
            const sex = r.s === 1 ? 'male' : 'female';
            const b = Number(r.b);
            const national =
              stay.icd10WeightsByAge[sex][b].reduce((a, x) => a + x, 0) +
              stay.otherDiagnoses.groups.reduce((a, g) => a + g[sex][b], 0);
            expect(Number(r.rate) / national).toBeGreaterThan(0.8);
            expect(Number(r.rate) / national).toBeLessThan(1.2);
          }
        }
      );
    }, 120_000);

    describe('MCO stays of 20,000 patients', () => {
      let pmsi: EngineSession;
      beforeAll(async () => {
        pmsi = await openDataset({
          patients: 20_000,
          seed: 3,
          years: [2019],
          products: ['mco']
        });
      }, 120_000);
      afterAll(() => pmsi.close());

      it('should discharge stays on any day, not pile them up on 31 December', () => {
        const [row] = rowsIn(
          pmsi,
          `SELECT count(*) FILTER (WHERE c.SOR_DAT = DATE '2019-12-31') AS last, count(*) / 365 AS daily
           FROM T_MCO19B s JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) WHERE s.SOR_MOD <> '9'`
        );
        // Stays cut at the year's end gave 3 to 4 times the daily mean on 31 December.
        expect(Number(row.daily)).toBeGreaterThan(5);
        expect(Number(row.last)).toBeLessThan(2 * Number(row.daily));
      });

      it('should keep about 45% of MCO stays without a night, and 58% of surgical ones', () => {
        const [row] = rowsIn(
          pmsi,
          `SELECT avg(CASE WHEN SEJ_NBJ = 0 THEN 1 ELSE 0 END) AS all_stays,
              avg(CASE WHEN SEJ_NBJ = 0 THEN 1 ELSE 0 END) FILTER (WHERE substr(GRG_GHM, 3, 1) = 'C') AS surgery
            FROM T_MCO19B WHERE NBR_SEA = 0`
        );
        // ATIH 2019, sessions aside: about 45% of stays, surgery about 58%. With medical
        // stays of unlisted diagnoses at 40% ambulatory, all stays gave 38%.
        expect(Number(row.all_stays)).toBeGreaterThan(0.42);
        expect(Number(row.all_stays)).toBeLessThan(0.48);
        expect(Number(row.surgery)).toBeGreaterThan(0.52);
        expect(Number(row.surgery)).toBeLessThan(0.64);
      });
    });

    it('should give the causes of death their share of men (deaths.json otherCauses.malePct)', async () => {
      // CépiDc: about three men for one woman for suicides, transport accidents, alcohol and
      // cancers of the liver and oesophagus; two women for one man for dementia and senility.
      const options = {
        patients: 200_000,
        seed: 7,
        years: [2019, 2020],
        products: ['beneficiaire', 'deces']
      };
      const query = `SELECT
          avg(CAST(BEN_SEX_COD = 1 AS INTEGER)) FILTER (WHERE DCD_CIM_COD BETWEEN 'X60' AND 'X84~' OR DCD_CIM_COD LIKE 'V%' OR DCD_CIM_COD IN ('F102', 'K703', 'C159', 'C220')) AS men,
          avg(CAST(BEN_SEX_COD = 1 AS INTEGER)) FILTER (WHERE DCD_CIM_COD IN ('R54', 'G309', 'F03')) AS old,
          count(*) FILTER (WHERE DCD_CIM_COD BETWEEN 'X60' AND 'X84~') AS suicides,
          count(*) FILTER (WHERE DCD_CIM_COD LIKE 'X70%') AS hangings,
          count(*) FILTER (WHERE DCD_CIM_COD IN ('R54', 'G309', 'F03')) AS n_old
        FROM KI_CCI_R`;
      let withSex: Record<string, unknown> = {};
      await withDataset(options, own => {
        [withSex] = rowsIn(own, query);
      });
      // Control: the same causes for both sexes, where the deaths' own age and sex mix only
      // leans them (more men die young, more women old).
      const profiles = readProfiles(DEFAULT_PROFILES);
      delete profiles.deaths.otherCauses.malePct;
      let without: Record<string, unknown> = {};
      await withDataset(
        options,
        own => {
          [without] = rowsIn(own, query);
        },
        await compileProgram({ dictionary, loader, profiles })
      );
      // 200,000 people: about 220 deaths of the first causes, 500 of the second; measured 82%
      // and 28% men's, 61% and 39% in the control.
      expect(Number(withSex.n_old)).toBeGreaterThan(300);
      expect(Number(withSex.men)).toBeGreaterThan(0.72);
      expect(Number(withSex.old)).toBeLessThan(0.35);
      expect(Number(without.men)).toBeLessThan(Number(withSex.men) - 0.1);
      expect(Number(without.old)).toBeGreaterThan(Number(withSex.old) + 0.06);
      // Hanging, the commonest means of suicide (about 60% of them here).
      expect(Number(withSex.hangings)).toBeGreaterThan(
        0.4 * Number(withSex.suicides)
      );
    });

    it('should die of cancer and heart disease in the shares of French causes of death', async () => {
      await withDataset(
        {
          patients: 60_000,
          seed: 5,
          years: [2019, 2020],
          products: ['beneficiaire', 'DCIR_DCIRS', 'deces', 'mco']
        },
        deaths => {
          const share = (first: string): number =>
            Number(
              deaths
                .query(
                  `SELECT avg(CASE WHEN regexp_matches(DCD_CIM_COD, '^[${first}]') THEN 1 ELSE 0 END) AS s FROM KI_CCI_R`
                )
                .toArray()[0].s
            );
          // CépiDc 2016-2017: tumours about 28%, circulatory 24%, respiratory 7%, external 6-7%.
          // About 1,100 deaths here, of which 2020's COVID-19 takes 5%: tumours 22% (25 to 27%
          // of 2019's deaths on 200,000 people). Before conditions had their mortality, 12%.
          expect(share('C')).toBeGreaterThan(0.2);
          expect(share('C')).toBeLessThan(0.35);
          expect(share('I')).toBeGreaterThan(0.18);
          expect(share('I')).toBeLessThan(0.32);
          expect(share('J')).toBeLessThan(0.14);
          expect(share('VWXY')).toBeLessThan(0.12);
          // Digestive (cirrhoses) and renal causes: about 4% and 2% (before: 0.1% each).
          expect(share('K')).toBeGreaterThan(0.02);
          expect(share('N')).toBeGreaterThan(0.005);
          // No code stands for a chapter: the CépiDc's commonest, lung cancer, makes about 5%
          // of deaths (5.9% here); stroke I64 and lung cancer made 11% each before. Over both
          // years, as one year's 500 deaths move a code's share by a point; COVID-19 (U071)
          // aside, a tenth of 2020's.
          const [top] = rowsIn(
            deaths,
            `SELECT DCD_CIM_COD AS code, count(*) / sum(count(*)) OVER () AS s FROM KI_CCI_R
             WHERE DCD_CIM_COD <> 'U071' GROUP BY 1 ORDER BY s DESC, code LIMIT 1`
          );
          expect(Number(top.s)).toBeLessThan(0.07);
          const [codes] = rowsIn(
            deaths,
            `SELECT avg(CASE WHEN DCD_CIM_COD BETWEEN 'X60' AND 'X84~' THEN 1 ELSE 0 END) AS suicide,
              avg(CASE WHEN DCD_CIM_COD LIKE 'C61%' THEN 1 ELSE 0 END) AS prostate,
              avg(CASE WHEN DCD_CIM_COD LIKE 'R99%' THEN 1 ELSE 0 END) AS unknown
             FROM KI_CCI_R`
          );
          // Suicides about 1.5%, prostate cancer about 1.5% (1.4% in the CépiDc's; 5.4% before
          // its share of its people's deaths, 2.2% before its mortality ratio by site), causes
          // unknown about 4%.
          expect(Number(codes.suicide)).toBeGreaterThan(0.005);
          expect(Number(codes.suicide)).toBeLessThan(0.04);
          expect(Number(codes.prostate)).toBeLessThan(0.02);
          expect(Number(codes.unknown)).toBeGreaterThan(0.02);
          // A death of unknown cause or of senility ends no MCO stay, which would have named the
          // cause (29 of 84 R99 deaths ended a pneumonia's stay).
          const [stays] = rowsIn(
            deaths,
            `SELECT count(*) AS n, count(*) FILTER (WHERE k.DCD_CIM_COD IN ('R99', 'R54')) AS unknown
              FROM ${DEATH_STAYS}`
          );
          expect(Number(stays.n)).toBeGreaterThan(100);
          expect(Number(stays.unknown)).toBe(0);
          const [ages] = rowsIn(
            deaths,
            `SELECT count(*) FILTER (WHERE 2019 - BEN_NAI_ANN >= 100) AS old, count(*) AS n,
            count(*) FILTER (WHERE BEN_DCD_DTE <> DATE '1600-01-01') AS dead
           FROM (SELECT DISTINCT BEN_IDT_ANO, BEN_NAI_ANN, BEN_DCD_DTE FROM IR_BEN_R)`
          );
          // Centenarians: about 37 per 100,000 in 2019 (INSEE); a uniform last band gave 110.
          expect(Number(ages.old) / Number(ages.n)).toBeLessThan(70e-5);
          expect(Number(ages.old)).toBeGreaterThan(0);
          // The conditions' mortality ratios leave the population's mortality at INSEE's rates
          // each year: about 9 deaths per 1,000 (about 540 deaths a year here), times the
          // year's excess (mortalityYearFactors).
          const factors =
            readProfiles(DEFAULT_PROFILES).population.mortalityYearFactors;
          for (const y of [2019, 2020]) {
            const dead = deaths
              .query(
                `SELECT count(DISTINCT BEN_IDT_ANO) AS n FROM IR_BEN_R WHERE year(BEN_DCD_DTE) = ${y}`
              )
              .toArray()[0].n;
            const rate = Number(dead) / Number(ages.n) / (factors[y] ?? 1);
            expect(rate).toBeGreaterThan(0.008);
            expect(rate).toBeLessThan(0.0102);
          }
        }
      );
    }, 120_000);

    it('should give new cases and ended treatments from year to year', async () => {
      await withDataset(dcirOf2019To2021(7), people => {
        people.query(`CREATE TEMP TABLE use AS
            SELECT b.BEN_NIR_ANO AS id, year(p.EXE_SOI_DTD) AS y, substr(r.PHA_ATC_C07, 1, 3) AS atc
            FROM ER_PRS_F p JOIN ER_PHA_F f USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM,
              FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
            JOIN IR_PHA_R r ON r.PHA_CIP_C13 = f.PHA_PRS_C13
            JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
            WHERE p.DPN_QLF <> 71 AND f.PHA_ACT_QSN > 0 GROUP BY ALL`);
        const users = (atc: string, y: number): number =>
          Number(
            people
              .query(
                `SELECT count(*) AS n FROM use WHERE atc = '${atc}' AND y = ${y}`
              )
              .toArray()[0].n
          );
        const newUsers = (atc: string, y: number): number =>
          Number(
            people
              .query(
                `SELECT count(*) AS n FROM use u WHERE atc = '${atc}' AND y = ${y}
                 AND NOT EXISTS (SELECT 1 FROM use v WHERE v.id = u.id AND v.atc = u.atc AND v.y < u.y)`
              )
              .toArray()[0].n
          );
        // Treated diabetes begins for a few people per 1,000 a year; conditions drawn once
        // gave no new user after the first year.
        for (const y of [2020, 2021]) {
          expect(newUsers('A10', y)).toBeGreaterThan(0.001 * 12_000);
          expect(newUsers('A10', y)).toBeLessThan(0.006 * 12_000);
          expect(newUsers('L02', y)).toBeGreaterThan(0);
        }
        // Cancer treatments and antidepressants begin and end: their users stay about level
        // (new cases alone made them 25% to 35% more in two years).
        const ratio =
          (users('L02', 2021) + users('N06', 2021)) /
          (users('L02', 2019) + users('N06', 2019));
        expect(ratio).toBeGreaterThan(0.85);
        expect(ratio).toBeLessThan(1.2);
        // Treatments turn over (renewYears): of 2021's users, those with none in 2019-2020
        // are 9% for statins, 27% for antidepressants and 7% for thyroid hormones (5%, 9%
        // and 2% when people began one only as they aged).
        const share = (atc: string): number =>
          newUsers(atc, 2021) / users(atc, 2021);
        expect(share('C10')).toBeGreaterThan(0.07);
        expect(share('C10')).toBeLessThan(0.16);
        expect(share('N06')).toBeGreaterThan(0.15);
        expect(share('N06')).toBeLessThan(0.4);
        expect(share('H03')).toBeGreaterThan(0.04);
        // A new diabetic's HbA1c tests (NABM 1577) begin with the diabetes, at most a
        // renewal's months (and its days, and those to the first dispensation) before the
        // first antidiabetic: counted over the onset year, some came up to a year before it.
        const { chronicRenewal } = readProfiles(DEFAULT_PROFILES).care;
        const longest =
          31 * chronicRenewal.everyMonths +
          27 +
          chronicRenewal.firstDispensation.maxDays;
        const [hba1c] = rowsIn(
          people,
          `WITH first AS (SELECT id, min(d) AS d FROM (
                SELECT b.BEN_NIR_ANO AS id, p.EXE_SOI_DTD AS d FROM ER_PRS_F p JOIN ER_PHA_F f USING (${PHA_KEY})
                JOIN IR_PHA_R r ON r.PHA_CIP_C13 = f.PHA_PRS_C13 JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
                WHERE r.PHA_ATC_C07 LIKE 'A10%' AND p.DPN_QLF <> 71 AND f.PHA_ACT_QSN > 0)
              GROUP BY id HAVING year(min(d)) >= 2020),
            tests AS (SELECT b.BEN_NIR_ANO AS id, p.EXE_SOI_DTD AS d FROM ER_BIO_F f JOIN ER_PRS_F p USING (${PHA_KEY})
              JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM) WHERE f.BIO_PRS_IDE = 1577 AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0)
            SELECT count(*) AS tests, count(*) FILTER (WHERE t.d < f.d - ${longest}) AS early
            FROM first f JOIN tests t USING (id)`
        );
        expect(Number(hba1c.tests)).toBeGreaterThan(40);
        expect(Number(hba1c.early)).toBe(0);
        // ALD of the new cases begin in their year, never after the person's death.
        const [ald] = rowsIn(
          people,
          `SELECT count(*) FILTER (WHERE year(i.IMB_ALD_DTD) = 2020) AS y2020,
                count(*) FILTER (WHERE b.BEN_DCD_DTE <> DATE '1600-01-01' AND i.IMB_ALD_DTD > b.BEN_DCD_DTE) AS after_death
              FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)`
        );
        expect(Number(ald.y2020)).toBeGreaterThan(0);
        expect(Number(ald.after_death)).toBe(0);
      });
    }, 240_000);

    it('should renew an other ALD after its ten years, the day after, for the living, and give new cases', async () => {
      await withDataset(
        {
          patients: 4000,
          seed: 17,
          years: [2019, 2020, 2021, 2022, 2023],
          products: ['beneficiaire', 'DCIR_DCIRS']
        },
        people => {
          const value = (sql: string): number =>
            Number(Object.values(people.query(sql).toArray()[0].toJSON())[0]);
          const renewals = `SELECT a.IMB_ALD_DTF AS ends, b.IMB_ALD_DTD AS renewed
            FROM IR_IMB_R a JOIN IR_IMB_R b USING (BEN_NIR_PSA, BEN_RNG_GEM, IMB_ALD_NUM, MED_MTF_COD)
            WHERE b.IMB_ALD_DTD > a.IMB_ALD_DTD AND a.IMB_ETM_NAT = b.IMB_ETM_NAT`;
          expect(value(`SELECT count(*) FROM (${renewals})`)).toBeGreaterThan(
            0
          );
          expect(
            value(
              `SELECT count(*) FROM (${renewals}) WHERE renewed <> ends + INTERVAL 1 DAY`
            )
          ).toBe(0);
          // Open ALDs stay about level: without renewals a fifth of them closed by 2023.
          const open = (y: number): number =>
            value(`SELECT count(DISTINCT BEN_NIR_PSA) FROM IR_IMB_R
              WHERE IMB_ALD_DTD <= DATE '${y}-12-31' AND IMB_ALD_DTF >= DATE '${y}-01-01'`);
          expect(open(2023)).toBeGreaterThan(0.85 * open(2019));
          // ALDs only the other ALDs give (not the conditions'): new cases from 2020, after the
          // first year, keep the living in them about level (0.9 of 2019 in 2023 without).
          const others = otherAldNumbers();
          const firstRows = `SELECT i.*, b.BEN_NAI_ANN, b.BEN_DCD_DTE FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
            WHERE i.IMB_ALD_NUM IN (${others.join(', ')}) AND NOT EXISTS (SELECT 1 FROM IR_IMB_R e
              WHERE e.BEN_NIR_PSA = i.BEN_NIR_PSA AND e.IMB_ALD_NUM = i.IMB_ALD_NUM AND e.IMB_ALD_DTD < i.IMB_ALD_DTD)`;
          expect(
            value(
              `SELECT count(*) FROM (${firstRows}) WHERE year(IMB_ALD_DTD) = 2020`
            )
          ).toBeGreaterThan(5);
          expect(
            value(
              `SELECT count(*) FROM (${firstRows}) WHERE year(IMB_ALD_DTD) BETWEEN 2021 AND 2023`
            )
          ).toBeGreaterThan(12);
          // New dementias are of the old, as the prevalent ones.
          expect(
            value(
              `SELECT avg(year(IMB_ALD_DTD) - BEN_NAI_ANN) FROM (${firstRows}) WHERE IMB_ALD_NUM = 15 AND year(IMB_ALD_DTD) >= 2020`
            )
          ).toBeGreaterThan(70);
          const living = (y: number): number =>
            value(`SELECT count(DISTINCT BEN_NIR_PSA) FROM (${firstRows})
              WHERE IMB_ALD_DTD <= DATE '${y}-12-31' AND (BEN_DCD_DTE = DATE '1600-01-01' OR BEN_DCD_DTE > DATE '${y}-12-31')`);
          expect(living(2023)).toBeGreaterThan(0.98 * living(2019));
          // One other ALD a person at most.
          expect(
            value(
              `SELECT count(*) FROM (SELECT BEN_NIR_PSA FROM (${firstRows}) GROUP BY 1 HAVING count(DISTINCT IMB_ALD_NUM) > 1)`
            )
          ).toBe(0);
          expect(
            value(`SELECT count(*) FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
              WHERE b.BEN_DCD_DTE <> DATE '1600-01-01' AND i.IMB_ALD_DTD > b.BEN_DCD_DTE`)
          ).toBe(0);
        }
      );
    }, 240_000);

    it("should renew a condition's ALD while its person lives, so that all care paid for an ALD falls in one of its periods", async () => {
      const people = await openDataset({
        patients: 1500,
        seed: 3,
        years: Array.from({ length: 10 }, (_, t) => 2019 + t),
        products: ['dcir']
      });
      try {
        const value = (sql: string): number => firstIn(people, sql);
        const periods = `IR_IMB_R a JOIN IR_IMB_R b USING (BEN_NIR_PSA, BEN_RNG_GEM, IMB_ALD_NUM, MED_MTF_COD)`;
        // Diabetics' ALDs (8) renewed the day after their first ten years end.
        expect(
          value(`SELECT count(*) FROM ${periods}
            WHERE a.IMB_ALD_NUM = 8 AND b.IMB_ALD_DTD = a.IMB_ALD_DTF + INTERVAL 1 DAY`)
        ).toBeGreaterThan(10);
        expect(
          value(`SELECT count(*) FROM ${periods}
            WHERE b.IMB_ALD_DTD > a.IMB_ALD_DTD AND b.IMB_ALD_DTD <= a.IMB_ALD_DTF`)
        ).toBe(0);
        // Diabetics in ALD grow with age (80 in 2028 for 66 in 2019; 47 without renewals).
        const open = (y: number): number =>
          value(`SELECT count(DISTINCT BEN_NIR_PSA) FROM IR_IMB_R WHERE IMB_ALD_NUM = 8
            AND IMB_ALD_DTD <= DATE '${y}-12-31' AND IMB_ALD_DTF >= DATE '${y}-01-01'`);
        expect(open(2028)).toBeGreaterThan(open(2019));
        // check finds no care paid for an ALD outside its person's periods (5,467 lines of
        // 2022–2028 here without renewals).
        const result = await checkDataset(
          sql => rowsIn(people, sql),
          program,
          dictionary,
          loader,
          ['IR_BEN_R', 'IR_IMB_R', 'ER_PRS_F'].map(name => ({
            name,
            sqlName: name
          }))
        );
        expect(result.failures.filter(f => f.includes('EXO_MTF 42'))).toEqual(
          []
        );
      } finally {
        people.close();
      }
    }, 240_000);

    it("should make the other ALDs' people die more, some of their ALD, coded as the CépiDc codes it", async () => {
      const { conditions, deaths } = readProfiles(DEFAULT_PROFILES);
      // Causes of death only an other ALD gives (3 characters), with its ALD number.
      const elsewhere = new Set(
        [
          ...deaths.otherCauses.codes,
          ...conditions.conditions.flatMap(c => conditionCodes(c))
        ].map(c => c.slice(0, 3))
      );
      const onlyAld = new Map<string, number>();
      for (const g of conditions.otherAld.filter(g => g.causeOfDeathPct)) {
        for (const code of [
          ...conditionCodes(g),
          ...Object.values(g.causeIcd10ByCode ?? {})
        ]) {
          if (!elsewhere.has(code.slice(0, 3))) {
            onlyAld.set(code.slice(0, 3), g.ald);
          }
        }
      }
      expect(onlyAld.size).toBeGreaterThan(10);
      await withDataset(
        {
          patients: 30_000,
          seed: 23,
          years: [2019, 2020],
          products: ['beneficiaire', 'DCIR_DCIRS', 'deces']
        },
        db => {
          const value = (sql: string): number =>
            Number(Object.values(db.query(sql).toArray()[0].toJSON())[0]);
          // Dementias and Parkinson's disease (ALD 15, 16) of before 2019: their deaths over
          // those of others of the same sex and ten-year age band, who have conditions too
          // (1.58 here; 1 without their mortalityRatio).
          const people = `WITH p AS (SELECT BEN_NIR_ANO, min(BEN_SEX_COD) AS sex, (2019 - min(CAST(BEN_NAI_ANN AS INTEGER))) // 10 AS band,
                CAST(max(BEN_DCD_DTE) <> DATE '1600-01-01' AS DOUBLE) AS dead FROM IR_BEN_R GROUP BY 1),
              a AS (SELECT DISTINCT b.BEN_NIR_ANO, i.IMB_ALD_NUM AS ald, i.MED_MTF_COD AS code FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
                WHERE i.IMB_ALD_NUM IN (15, 16) AND i.IMB_ALD_DTD < DATE '2019-01-01')
            SELECT p.*, a.ald, a.code FROM p LEFT JOIN a USING (BEN_NIR_ANO)`;
          const ratio = value(`WITH x AS (${people}),
              r AS (SELECT sex, band, avg(dead) AS q FROM x WHERE ald IS NULL GROUP BY ALL)
            SELECT sum(dead) / sum(q) FROM x JOIN r USING (sex, band) WHERE ald IS NOT NULL`);
          expect(ratio).toBeGreaterThan(1.3);
          expect(ratio).toBeLessThan(3);
          // Some die of it: a dementia of Alzheimer's disease (F00) as G30, its dagger code.
          const causes = `SELECT x.*, k.DCD_CIM_COD AS cause, k.DCD_IDT_ENC FROM (${people}) x JOIN KI_CCI_R k USING (BEN_NIR_ANO) WHERE x.ald IS NOT NULL`;
          expect(
            value(
              `SELECT count(*) FROM (${causes}) WHERE code LIKE 'F00%' AND cause LIKE 'G30%'`
            )
          ).toBeGreaterThan(0);
          expect(
            value(
              `SELECT count(*) FROM (${causes}) WHERE ald = 16 AND cause LIKE 'G20%'`
            )
          ).toBeGreaterThan(0);
          expect(
            value("SELECT count(*) FROM KI_CCI_R WHERE DCD_CIM_COD LIKE 'F00%'")
          ).toBe(0);
          // A cause only an other ALD gives is the cause of a person in it.
          const pairs = [...onlyAld]
            .map(([c, ald]) => `('${c}', ${ald})`)
            .join(', ');
          expect(
            value(`WITH own(c, ald) AS (VALUES ${pairs})
              SELECT count(*) FROM KI_CCI_R k JOIN own ON own.c = substr(k.DCD_CIM_COD, 1, 3)
              WHERE NOT EXISTS (SELECT 1 FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
                WHERE b.BEN_NIR_ANO = k.BEN_NIR_ANO AND i.IMB_ALD_NUM = own.ald)`)
          ).toBe(0);
          // The others' certificates name the ALD among their causes.
          expect(
            value(`SELECT count(*) FROM (${causes}) c WHERE substr(c.cause, 1, 3) NOT IN ('G30', substr(c.code, 1, 3))
              AND NOT EXISTS (SELECT 1 FROM KI_ECD_R e WHERE e.DCD_IDT_ENC = c.DCD_IDT_ENC AND e.ECD_CIM_COD = substr(c.code, 1, 4))`)
          ).toBe(0);
        }
      );
    }, 240_000);

    it("should make an active cancer's people die by its site: a lung cancer's far more than a breast or prostate cancer's", async () => {
      await withDataset(
        {
          patients: 45_000,
          seed: 31,
          years: [2019],
          products: ['cartographie', 'deces']
        },
        db => {
          const row = (sql: string): number[] =>
            Object.values(db.query(sql).toArray()[0].toJSON()).map(Number);
          // Deaths in the year per person with the flag, and the deaths' causes.
          const [lung, others, lungCause, othersCause] = row(`
            WITH d AS (SELECT ct.*, k.DCD_CIM_COD AS cause FROM CT_IND_2019_GN ct
              LEFT JOIN KI_CCI_R k ON k.BEN_NIR_ANO || 'U' = ct.id_carto)
            SELECT avg(CAST(year(BEN_DCD_DTE) = 2019 AS DOUBLE)) FILTER (WHERE top_CanPoum_act = 1),
              avg(CAST(year(BEN_DCD_DTE) = 2019 AS DOUBLE)) FILTER (WHERE top_CanSeiF_act = 1 OR top_CanPros_act = 1),
              avg(CAST(cause LIKE 'C34%' AS DOUBLE)) FILTER (WHERE top_CanPoum_act = 1 AND cause IS NOT NULL),
              avg(CAST(cause LIKE 'C50%' OR cause LIKE 'C61%' AS DOUBLE)) FILTER (WHERE (top_CanSeiF_act = 1 OR top_CanPros_act = 1) AND cause IS NOT NULL)
            FROM d`);
          // mortalityRatioByCode: 10 for a lung cancer, 2.5 and 2 for a breast and a prostate
          // cancer (14% and 3.3% here; 7.8% and 6.2% with one ratio, 5, for every site).
          expect(lung).toBeGreaterThan(0.1);
          expect(others).toBeLessThan(0.05);
          expect(lung / others).toBeGreaterThan(2.5);
          // Most of a lung cancer's deaths are of it; fewer of a breast or prostate cancer's.
          expect(lungCause).toBeGreaterThan(0.5);
          expect(othersCause).toBeLessThan(lungCause);
        }
      );
    }, 240_000);

    it('should raise the risk of death of a new cancer or other ALD from its onset, and let a cancer cause the death', async () => {
      await withDataset(
        {
          patients: 100_000,
          seed: 17,
          years: [2019, 2020, 2021, 2022],
          products: ['beneficiaire', 'DCIR_DCIRS', 'deces']
        },
        db => {
          const row = (sql: string): number[] =>
            Object.values(db.query(sql).toArray()[0].toJSON()).map(Number);
          const withCancerAld = firstAld("MED_MTF_COD LIKE 'C%'");
          // People of 40 or more alive in 2021: the new cancers of 2020 (their cancer ALD
          // begins in 2020) against the rates, by five-year band, of those with no cancer ALD.
          const [observed, expected, ofIt] = row(`${withCancerAld},
            alive AS (SELECT p.*, (2020 - nai) // 5 AS band, CAST(year(dcd) IN (2021, 2022) AS INTEGER) AS died,
                substr(k.DCD_CIM_COD, 1, 3) = substr(code, 1, 3) AS of_it
              FROM p LEFT JOIN KI_CCI_R k USING (BEN_NIR_ANO)
              WHERE 2020 - nai >= 40 AND (dcd = DATE '1600-01-01' OR year(dcd) >= 2021)),
            rates AS (SELECT band, avg(died) AS r FROM alive WHERE ald_d IS NULL GROUP BY 1)
            SELECT sum(died), sum(r), count(*) FILTER (WHERE died = 1 AND of_it)
            FROM alive JOIN rates USING (band) WHERE year(ald_d) = 2020`);
          // 39 deaths against 18 expected here, 30 of them of the cancer. When deaths followed
          // the first year's conditions only, 19 against 16, and none of the cancer.
          expect(observed / expected).toBeGreaterThan(2);
          expect(ofIt).toBeGreaterThan(0.4 * observed);
          // In its onset year too: the deaths of 2020 to 2022 of the people whose cancer ALD
          // began that year, after it began, against that year's rates of those with no
          // cancer ALD over the rest of the year.
          const [onsetYear, onsetExpected, onsetOfIt] = row(`${withCancerAld},
            py AS (SELECT p.*, y, (y - nai) // 5 AS band, CAST(year(dcd) = y AS INTEGER) AS died,
                substr(k.DCD_CIM_COD, 1, 3) = substr(code, 1, 3) AS of_it
              FROM p LEFT JOIN KI_CCI_R k USING (BEN_NIR_ANO), range(2020, 2023) t(y)
              WHERE y - nai >= 40 AND (dcd = DATE '1600-01-01' OR year(dcd) >= y)),
            rates AS (SELECT y, band, avg(died) AS r FROM py WHERE ald_d IS NULL GROUP BY ALL)
            SELECT sum(died), sum(r * (make_date(y, 12, 31) - ald_d + 1) / 366),
              count(*) FILTER (WHERE died = 1 AND of_it)
            FROM py JOIN rates USING (y, band) WHERE year(ald_d) = y`);
          // 37 deaths against 13.4 expected here, 25 of the cancer. When a new case counted
          // from the year after its onset, 16 against 13.5, 2 of it.
          expect(onsetYear / onsetExpected).toBeGreaterThan(2);
          expect(onsetOfIt).toBeGreaterThan(0.4 * onsetYear);
          // So does a new other ALD of 2020 (dementia, Parkinson's disease, arteriopathy,
          // kidney or liver disease, ratios 1.8 to 3), against people of their sex and band in
          // no ALD: 44 deaths against 13.3 expected here; 24 when only the first year's counted.
          const [newAld, expectedAld] = row(`
            WITH ald AS (SELECT BEN_NIR_PSA, min(IMB_ALD_DTD) AS d FROM IR_IMB_R
              WHERE IMB_ALD_NUM IN (3, 6, 15, 16, 19) GROUP BY 1),
            p AS (SELECT b.BEN_NIR_ANO, any_value(b.BEN_NAI_ANN) AS nai, any_value(b.BEN_SEX_COD) AS sex,
                any_value(b.BEN_DCD_DTE) AS dcd, min(a.d) AS ald_d,
                bool_or(b.BEN_NIR_PSA IN (SELECT BEN_NIR_PSA FROM IR_IMB_R)) AS in_ald
              FROM IR_BEN_R b LEFT JOIN ald a USING (BEN_NIR_PSA) GROUP BY 1),
            alive AS (SELECT p.*, (2020 - nai) // 5 AS band, CAST(year(dcd) IN (2021, 2022) AS INTEGER) AS died
              FROM p WHERE 2020 - nai >= 40 AND (dcd = DATE '1600-01-01' OR year(dcd) >= 2021)),
            rates AS (SELECT band, sex, avg(died) AS r FROM alive WHERE NOT in_ald GROUP BY ALL)
            SELECT sum(died), sum(r) FROM alive JOIN rates USING (band, sex) WHERE year(ald_d) = 2020`);
          expect(newAld / expectedAld).toBeGreaterThan(2.4);
          // A new lung cancer's first 12 months are its deadliest (conditions.json
          // firstYearExcessDeathPctByCode): of the people whose lung cancer ALD began in 2020
          // or 2021 (the month after its onset), the share dead within 365 days of it; of those
          // of 2020 alive then, the share dead within the next 365.
          const [lungNew, firstYear, nextYear] =
            row(`${firstAld("MED_MTF_COD LIKE 'C34%'")},
            d AS (SELECT ald_d, CASE WHEN dcd <> DATE '1600-01-01' THEN dcd - ald_d END AS days
              FROM p WHERE year(ald_d) IN (2020, 2021))
            SELECT count(*), avg(CAST(coalesce(days < 365, false) AS DOUBLE)),
              avg(CAST(coalesce(days < 730, false) AS DOUBLE)) FILTER (WHERE year(ald_d) = 2020 AND coalesce(days >= 365, true))
            FROM d`);
          // 84 people here, 31% of them dead within a year, 12% of the survivors in the next
          // (3% without a second year's excess; 35% to 51% within a year on 300,000 people,
          // seeds 17 and 18, a year of ALDs each). Without a first-year excess, 13% here.
          expect(lungNew).toBeGreaterThan(50);
          expect(firstYear).toBeGreaterThan(0.25);
          expect(firstYear).toBeGreaterThan(1.5 * nextYear);
        }
      );
    }, 240_000);

    it("should end a new lung cancer's excess risk at its second anniversary", async () => {
      await withDataset(
        {
          patients: 300_000,
          seed: 18,
          years: [2019, 2020, 2021, 2022, 2023],
          products: ['beneficiaire', 'DCIR_DCIRS', 'deces']
        },
        db => {
          // The people whose lung cancer ALD began in 2020 (the month after its onset): of
          // those alive at it and 12 and 24 months after it, the share dead in the next 12.
          const [n, first, second, third] = Object.values(
            db
              .query(
                `${firstAld("MED_MTF_COD LIKE 'C34%'")},
            d AS (SELECT CASE WHEN dcd <> DATE '1600-01-01' THEN dcd - ald_d END AS days
              FROM p WHERE year(ald_d) = 2020),
            k AS (SELECT k, avg(CAST(coalesce(days < 365 * (k + 1), false) AS DOUBLE))
                FILTER (WHERE coalesce(days >= 365 * k, true)) AS q
              FROM d, range(3) t(k) GROUP BY k)
            SELECT (SELECT count(*) FROM d), sum(q) FILTER (k = 0), sum(q) FILTER (k = 1),
              sum(q) FILTER (k = 2) FROM k`
              )
              .toArray()[0]
              .toJSON()
          ).map(Number);
          // 131 people here: 37% dead within 12 months, 26% of the survivors in the next 12
          // (secondYearExcessDeathPctByCode), 2% in the 12 after that, when the excess is
          // over. Without the second year's excess: 38%, 16% and 6%. (On 2,000,000 people,
          // from the onset day: 44 to 47%, 25 to 26%, and about 7%.)
          expect(n).toBeGreaterThan(100);
          expect(first).toBeGreaterThan(0.3);
          expect(second).toBeGreaterThan(0.22);
          expect(third).toBeLessThan(second / 2);
        }
      );
    }, 240_000);

    it('should raise the risk of death of a new other ALD from its day, and let it cause the death', async () => {
      // Dementias (ALD 15) begin four times as often, at ratio 6: the people whose one begins
      // in 2020 or 2021 die more than others in the rest of that year, some of it.
      const profiles = readProfiles(DEFAULT_PROFILES);
      const dementia = profiles.conditions.otherAld.find(
        g => g.id === 'dementia'
      )!;
      dementia.incidenceRatio = 1;
      dementia.mortalityRatio = 6;
      const made = await compileProgram({ dictionary, loader, profiles });
      await withDataset(
        deathsOf2019To2021(100_000, 29),
        db => {
          // Their deaths in the year their ALD began, after it began, against that year's
          // rates of people of their sex and band in no ALD over the rest of the year.
          const [row] = rowsIn(
            db,
            `${firstAld('IMB_ALD_NUM = 15')},
            py AS (SELECT p.*, y, (y - nai) // 5 AS band, CAST(year(dcd) = y AS INTEGER) AS died,
                substr(k.DCD_CIM_COD, 1, 3) = substr(code, 1, 3)
                  OR (code LIKE 'F00%' AND k.DCD_CIM_COD LIKE 'G30%') AS of_it
              FROM p LEFT JOIN KI_CCI_R k USING (BEN_NIR_ANO), range(2020, 2022) t(y)
              WHERE y - nai >= 40 AND (dcd = DATE '1600-01-01' OR year(dcd) >= y)),
            rates AS (SELECT y, band, sex, avg(died) AS r FROM py WHERE NOT in_ald GROUP BY ALL)
            SELECT count(*) AS n, sum(died) AS observed,
              sum(r * (make_date(y, 12, 31) - ald_d + 1) / 366) AS expected,
              count(*) FILTER (WHERE died = 1 AND of_it) AS of_it
            FROM py JOIN rates USING (y, band, sex) WHERE year(ald_d) = y`
          );
          // 982 people: 135 deaths against 21.9 expected here, 30 of their dementia. When a
          // new other ALD counted from the next year: 25 against 23.7, none of it.
          expect(Number(row.n)).toBeGreaterThan(500);
          expect(Number(row.observed) / Number(row.expected)).toBeGreaterThan(
            2.5
          );
          expect(Number(row.of_it)).toBeGreaterThan(0.1 * Number(row.observed));
          // Every death falls in the generated years.
          const [outside] = rowsIn(
            db,
            `SELECT count(*) AS n FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01'
              AND year(BEN_DCD_DTE) NOT IN (2019, 2020, 2021)`
          );
          expect(Number(outside.n)).toBe(0);
        },
        made
      );
    }, 240_000);

    it('should count an ended cancer no more in the risk of death, nor as its cause', async () => {
      // Every cancer ends in its first year (stopPct 100): from 2020 the people of the first
      // year's cancers die as others of their age, and not of it. No cancer under
      // surveillance (otherAld), so that the cancer ALDs are theirs.
      const profiles = readProfiles(DEFAULT_PROFILES);
      profiles.conditions.conditions.find(c => c.id === 'cancer')!.stopPct =
        100;
      const followUp = profiles.conditions.otherAld.find(
        g => g.id === 'cancer_followup'
      )!;
      followUp.prevalencePct = {
        male: followUp.prevalencePct.male.map(() => 0),
        female: followUp.prevalencePct.female.map(() => 0)
      };
      const made = await compileProgram({ dictionary, loader, profiles });
      await withDataset(
        deathsOf2019To2021(30_000, 23),
        db => {
          // People of 40 or more alive in 2020 in a cancer ALD begun before 2019 (the first
          // year's cancers), against the rates, by sex and five-year band, of those in no
          // cancer ALD.
          const [row] = rowsIn(
            db,
            `${firstAld("MED_MTF_COD LIKE 'C%'")},
            alive AS (SELECT p.*, (2019 - nai) // 5 AS band, CAST(year(dcd) IN (2020, 2021) AS INTEGER) AS died,
                substr(k.DCD_CIM_COD, 1, 3) = substr(code, 1, 3) AS of_it
              FROM p LEFT JOIN KI_CCI_R k USING (BEN_NIR_ANO)
              WHERE 2019 - nai >= 40 AND (dcd = DATE '1600-01-01' OR year(dcd) >= 2020)),
            rates AS (SELECT band, sex, avg(died) AS r FROM alive WHERE ald_d IS NULL GROUP BY ALL)
            SELECT count(*) AS n, sum(died) AS observed, sum(r) AS expected,
              count(*) FILTER (WHERE died = 1 AND of_it) AS of_it
            FROM alive JOIN rates USING (band, sex) WHERE year(ald_d) < 2019`
          );
          // 360 people: 16 deaths against 19 expected here, none of their cancer. When a
          // cancer's ratio outlived it: 53 against 17, 40 of it.
          expect(Number(row.n)).toBeGreaterThan(200);
          expect(Number(row.observed) / Number(row.expected)).toBeLessThan(1.8);
          expect(Number(row.of_it)).toBeLessThanOrEqual(
            0.1 * Number(row.observed)
          );
          // Nor is it among the associated causes of their certificates (KI_ECD_R): none of
          // the 16 here; all of them when an ended condition stayed listed.
          const [listed] = rowsIn(
            db,
            `WITH ald AS (SELECT BEN_NIR_PSA, min(IMB_ALD_DTD) AS d, min(MED_MTF_COD) AS code
              FROM IR_IMB_R WHERE MED_MTF_COD LIKE 'C%' GROUP BY 1 HAVING year(min(IMB_ALD_DTD)) < 2019),
            dead AS (SELECT DISTINCT b.BEN_IDT_ANO, a.code FROM IR_BEN_R b JOIN ald a USING (BEN_NIR_PSA)
              WHERE year(b.BEN_DCD_DTE) IN (2020, 2021))
            SELECT count(DISTINCT d.BEN_IDT_ANO) AS dead,
              count(DISTINCT d.BEN_IDT_ANO) FILTER (WHERE e.ECD_CIM_COD = substr(d.code, 1, 4)) AS listed
            FROM dead d JOIN KI_CCI_R k USING (BEN_IDT_ANO) LEFT JOIN KI_ECD_R e USING (DCD_IDT_ENC)`
          );
          expect(Number(listed.dead)).toBeGreaterThan(5);
          expect(Number(listed.listed)).toBeLessThanOrEqual(
            0.1 * Number(listed.dead)
          );
          // The base makes up for it: about 9 deaths per 1,000 people alive in 2021 still.
          const [all] = rowsIn(
            db,
            `SELECT count(DISTINCT BEN_IDT_ANO) FILTER (WHERE year(BEN_DCD_DTE) = 2021) AS dead,
              count(DISTINCT BEN_IDT_ANO) AS n FROM IR_BEN_R
              WHERE BEN_DCD_DTE = DATE '1600-01-01' OR year(BEN_DCD_DTE) >= 2021`
          );
          expect(Number(all.dead) / Number(all.n)).toBeGreaterThan(0.008);
          expect(Number(all.dead) / Number(all.n)).toBeLessThan(0.0105);
        },
        made
      );
    }, 240_000);

    it("should give conditions the codes of the person's age: type 1 diabetes young, COPD old", async () => {
      await withDataset(
        {
          patients: 60_000,
          seed: 13,
          years: [2019],
          products: ['beneficiaire', 'DCIR_DCIRS']
        },
        people => {
          const count = (where: string): number =>
            Number(
              people
                .query(
                  `SELECT count(*) AS n FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA)
               WHERE ${where}`
                )
                .toArray()[0].n
            );
          const age = '2019 - b.BEN_NAI_ANN';
          // Equally likely codes made a sixth of diabetes type 1 at every age, and gave
          // children COPD.
          expect(count(`${age} < 20 AND i.MED_MTF_COD LIKE 'E11%'`)).toBe(0);
          expect(
            count(`${age} < 20 AND i.MED_MTF_COD LIKE 'E10%'`)
          ).toBeGreaterThan(0);
          expect(
            count(`${age} >= 60 AND i.MED_MTF_COD LIKE 'E10%'`)
          ).toBeLessThan(
            0.15 * count(`${age} >= 60 AND i.MED_MTF_COD LIKE 'E1%'`)
          );
          expect(count(`${age} < 20 AND i.MED_MTF_COD LIKE 'J44%'`)).toBe(0);
          expect(
            count(`${age} >= 60 AND i.MED_MTF_COD LIKE 'J44%'`)
          ).toBeGreaterThan(
            count(`${age} >= 60 AND i.MED_MTF_COD LIKE 'J45%'`)
          );
          // Children's cancers were a breast or colon cancer, their heart diseases coronary.
          expect(
            count(
              `${age} < 20 AND i.MED_MTF_COD LIKE 'C%' AND i.MED_MTF_COD NOT LIKE 'C91%'`
            )
          ).toBe(0);
          expect(
            count(`${age} < 20 AND i.MED_MTF_COD LIKE 'C91%'`)
          ).toBeGreaterThan(0);
          expect(
            count(
              `${age} < 20 AND substr(i.MED_MTF_COD, 1, 3) IN ('I21', 'I25', 'I50', 'I11', 'I48')`
            )
          ).toBe(0);
          // Prostate cancer is the commonest of men's active cancers after 60.
          expect(
            count(
              `${age} >= 60 AND b.BEN_SEX_COD = 1 AND i.MED_MTF_COD LIKE 'C61%'`
            )
          ).toBeGreaterThan(
            0.35 *
              count(
                `${age} >= 60 AND b.BEN_SEX_COD = 1 AND i.MED_MTF_COD LIKE 'C%'`
              )
          );
        }
      );
    }, 120_000);

    it('should treat and operate a cancer by its site: no letrozole nor mastectomy for men', () => {
      const bySex = (atc: string): number[] =>
        rows(`SELECT DISTINCT p.BEN_SEX_COD AS sex FROM ER_PRS_F p
          JOIN ER_PHA_F f USING (${PHA_KEY})
          JOIN IR_PHA_R m ON m.PHA_CIP_C13 = f.PHA_PRS_C13 WHERE m.PHA_ATC_C07 = '${atc}' ORDER BY 1`).map(
          r => Number(r.sex)
        );
      // Letrozole treats breast cancers, bicalutamide prostate cancers.
      expect(bySex('L02BG04')).toEqual([2]);
      expect(bySex('L02BB03')).toEqual([1]);
      const acts =
        rows(`SELECT substr(s.DGN_PAL, 1, 3) AS site, a.CDC_ACT AS act, s.COD_SEX AS sex
        FROM T_MCO19A a JOIN T_MCO19B s USING (ETA_NUM, RSA_NUM) WHERE s.DGN_PAL LIKE 'C%'`);
      expect(acts.length).toBeGreaterThan(0);
      const wrong = acts.filter(
        ({ site, act, sex }) =>
          (String(act).startsWith('QEFA') && (site !== 'C50' || sex !== '2')) ||
          String(act).startsWith('HHFA016')
      );
      expect(wrong).toEqual([]);
      // An operation on the first stay of the year with a night, never on a day case nor
      // on the stay ending in death.
      const operations = Object.values(
        readProfiles(DEFAULT_PROFILES).conditions.conditions.find(
          c => c.id === 'cancer'
        )!.ccamByCode!
      )
        .flat()
        .map(a => `'${a}'`)
        .join(', ');
      expect(
        one(`SELECT count(*) FROM T_MCO19A a JOIN T_MCO19B s USING (ETA_NUM, RSA_NUM)
               WHERE a.CDC_ACT IN (${operations}) AND (s.SEJ_NBJ = 0 OR s.SOR_MOD = '9')`)
      ).toBe(0);
    });

    it('should dispense chronic treatments all year round', () => {
      const [half] = rows(`SELECT
          count(*) FILTER (WHERE month(p.EXE_SOI_DTD) <= 6) AS h1,
          count(*) FILTER (WHERE month(p.EXE_SOI_DTD) > 6) AS h2
        FROM ${DISPENSED}
        WHERE m.PHA_ATC_C07 LIKE 'A10%' AND p.PRS_ORD_NUM = 1 AND year(p.EXE_SOI_DTD) = 2019`);
      // A third drug given from January to June only made the second half a third lighter.
      expect(Number(half.h1)).toBeGreaterThan(100);
      expect(Number(half.h2)).toBeGreaterThan(0.9 * Number(half.h1));
      // Every other month, from the same month for all, made odd months half as heavy again.
      const months = rows(`SELECT month(p.EXE_SOI_DTD) AS m, count(*) AS n
        FROM ${DISPENSED}
        WHERE m.PHA_ATC_C07 LIKE 'A10%' AND p.PRS_ORD_NUM = 1 AND year(p.EXE_SOI_DTD) = 2019 GROUP BY 1`).map(
        r => Number(r.n)
      );
      expect(months).toHaveLength(12);
      expect(Math.max(...months)).toBeLessThan(1.25 * Math.min(...months));
      // A person's chronic drugs differ, type 1 insulins and a bladder cancer's one antiemetic
      // included. Drawn with replacement, a third of treated diabetics got a drug twice.
      const twice = `SELECT count(*) FROM (SELECT p.BEN_NIR_PSA, m.PHA_ATC_C07, date_trunc('month', p.EXE_SOI_DTD)
        FROM ${DISPENSED}
        WHERE p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0 AND p.PRS_ORD_NUM = 1 AND (m.PHA_ATC_C07 LIKE 'A10%' OR m.PHA_ATC_C07 LIKE 'C%'
          OR m.PHA_ATC_C07 LIKE 'R03%' OR m.PHA_ATC_C07 LIKE 'N06%' OR m.PHA_ATC_C07 LIKE 'L0%' OR m.PHA_ATC_C07 = 'A04AA01')
        GROUP BY ALL HAVING count(*) > 1)`;
      expect(one(twice)).toBe(0);
    });

    it('should give deaths to the old more than to the young', () => {
      const rate = (lo: number, hi: number): number =>
        one(
          `SELECT avg(CASE WHEN BEN_DCD_DTE <> DATE '1600-01-01' THEN 1 ELSE 0 END) FROM (SELECT DISTINCT BEN_IDT_ANO, BEN_NAI_ANN, BEN_DCD_DTE FROM IR_BEN_R) WHERE 2019 - BEN_NAI_ANN BETWEEN ${lo} AND ${hi}`
        );
      expect(rate(80, 110)).toBeGreaterThan(5 * rate(20, 59));
      expect(one('SELECT count(*) FROM KI_CCI_R')).toBe(
        one(
          "SELECT count(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01'"
        )
      );
    });
  });

  describe('determinism', () => {
    it('should draw the same generic rows in value batches as table by table', async () => {
      const tableByTable = await compileProgram({
        dictionary,
        loader,
        profiles: readProfiles(DEFAULT_PROFILES),
        valueBatches: false
      });
      expect(program.steps.some(s => s.id.startsWith('internal:_gv_'))).toBe(
        true
      );
      expect(
        tableByTable.steps.some(s => s.id.startsWith('internal:_gv_'))
      ).toBe(false);
      const request = { ...OPTIONS, products: ['mco', 'egb'] };
      const checksumsOf = async (
        p: IProgram
      ): Promise<Record<string, [number, string]>> => {
        const own = await openNodeSession();
        try {
          const report = runProgram(
            p,
            sql => own.query(sql),
            request,
            PRODUCT_ALIASES,
            { limit: 3e9, wasm: true }
          );
          return tableChecksums(
            own,
            report.tables.map(t => t.sqlName)
          );
        } finally {
          own.close();
        }
      };
      const batched = await checksumsOf(program);
      expect(Object.keys(batched).length).toBeGreaterThan(80);
      expect(await checksumsOf(tableByTable)).toEqual(batched);
    }, 300_000);

    it('should give the same checksums for the same seed and others for another seed', async () => {
      const again = await openNodeSession();
      const small = {
        patients: 300,
        seed: 42,
        years: [2019],
        products: ['dcir']
      };
      runProgram(program, sql => again.query(sql), small, PRODUCT_ALIASES, {
        limit: 3e9,
        wasm: true
      });
      const a = tableChecksums(again, ['IR_BEN_R', 'ER_PRS_F', 'ER_PHA_F']);
      runProgram(program, sql => again.query(sql), small, PRODUCT_ALIASES, {
        limit: 3e9,
        wasm: true
      });
      const b = tableChecksums(again, ['IR_BEN_R', 'ER_PRS_F', 'ER_PHA_F']);
      runProgram(
        program,
        sql => again.query(sql),
        { ...small, seed: 43 },
        PRODUCT_ALIASES,
        { limit: 3e9, wasm: true }
      );
      const c = tableChecksums(again, ['IR_BEN_R', 'ER_PRS_F', 'ER_PHA_F']);
      again.close();
      expect(b).toEqual(a);
      expect(c.ER_PRS_F[1]).not.toEqual(a.ER_PRS_F[1]);
    });

    it('should make the same rows when the biggest table is made in chunks of persons', async () => {
      const small = { patients: 1500, seed: 42, years: [2019, 2020] };
      const steps = planSteps(
        program,
        tablesOfProducts(program, ['dcir'], PRODUCT_ALIASES)
      );
      const sqls = statements(program, steps, small, 600);
      const from = sqls.findIndex(q => q.includes(' ER_PRS_F AS SELECT '));
      // Planned once: the insert is prepared, then run per chunk of persons.
      expect(
        sqls.slice(from, from + 8).map(q => q.split(' SELECT ')[0])
      ).toEqual([
        'CREATE OR REPLACE TABLE ER_PRS_F AS',
        'CHECKPOINT',
        'PREPARE snds_synth_chunk AS INSERT INTO ER_PRS_F',
        'EXECUTE snds_synth_chunk(500, 1000)',
        'CHECKPOINT',
        'EXECUTE snds_synth_chunk(1000, 1500)',
        'CHECKPOINT',
        'DEALLOCATE snds_synth_chunk'
      ]);
      expect(sqls[from + 2]).toMatch(/p\.i >= \$1 AND p\.i < \$2/);
      const whole = await openNodeSession();
      const chunked = await openNodeSession();
      statements(program, steps, small).forEach(q => whole.query(q));
      sqls.forEach(q => chunked.query(q));
      const names = ['ER_PRS_F', 'ER_PHA_F', 'ER_CAM_F'];
      const a = tableChecksums(whole, names);
      const b = tableChecksums(chunked, names);
      whole.close();
      chunked.close();
      expect(a.ER_PRS_F[0]).toBeGreaterThan(10_000);
      expect(b).toEqual(a);
    });
  });

  describe('#runProgram', () => {
    it('should turn the join-order optimizer off for its own statements only, also when it fails', async () => {
      const own = await openNodeSession();
      const setting = (): string =>
        String(
          own
            .query("SELECT current_setting('disabled_optimizers') AS v")
            .toArray()[0]
            .toJSON().v
        );
      try {
        own.query("SET disabled_optimizers = 'filter_pushdown'");
        const seen = new Set<string>();
        const small = {
          patients: 200,
          seed: 1,
          years: [2019],
          products: ['beneficiaire']
        };
        runProgram(
          program,
          sql => {
            seen.add(setting());
            own.query(sql);
          },
          small,
          PRODUCT_ALIASES,
          { limit: 3e9, wasm: true }
        );
        expect(seen).toContain('filter_pushdown,join_order');
        expect(setting()).toBe('filter_pushdown');
        const failing: IProgram = {
          ...program,
          steps: program.steps.map(s =>
            s.table === 'IR_BEN_R'
              ? { ...s, sql: ['SELECT * FROM a_table_that_does_not_exist'] }
              : s
          )
        };
        expect(() =>
          runProgram(failing, sql => own.query(sql), small, PRODUCT_ALIASES, {
            limit: 3e9,
            wasm: true
          })
        ).toThrow(/a_table_that_does_not_exist/);
        expect(setting()).toBe('filter_pushdown');
      } finally {
        own.close();
      }
    });
  });

  describe('#checkFits', () => {
    const wasm = { limit: 3.5 * 1024 ** 3, wasm: true };
    const all = () =>
      planSteps(program, tablesOfProducts(program, undefined, PRODUCT_ALIASES));

    it('should refuse a request beyond the WebAssembly limit with a size that fits', () => {
      const steps = all();
      const big = { patients: 1_000_000, seed: 1, years: [2019, 2020, 2021] };
      for (const compressed of [false, true]) {
        const memory = { ...wasm, compressed };
        let message = '';
        try {
          checkFits(steps, big, memory);
        } catch (error) {
          expect(error).toBeInstanceOf(SynthRequestError);
          message = (error as Error).message;
        }
        const fits = Number(/at most (\d+) patients/.exec(message)?.[1]);
        expect(fits).toBeGreaterThan(1000);
        expect(
          checkFits(steps, { ...big, patients: fits }, memory)
        ).toBeGreaterThan(0);
      }
    });

    it('should fit 100,000 patients on DuckDB-WASM only in a compressed database', () => {
      const steps = all();
      const request = { patients: 100_000, seed: 1, years: [2019] };
      expect(() => checkFits(steps, request, wasm)).toThrow(
        /at most \d+ patients/
      );
      expect(
        checkFits(steps, request, { ...wasm, compressed: true })
      ).toBeLessThan(0.7 * 3.5 * 1024 ** 3);
    });
  });
});
