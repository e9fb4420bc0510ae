import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ProfileError, readProfiles } from '../src/profiles.js';
import { ProfileError as ExportedProfileError } from '../src/index.js';
import { DEFAULT_PROFILES } from '../src/build_program.js';

type Json = any;
type Edits = Partial<
  Record<
    'population' | 'conditions' | 'care' | 'deaths' | 'generic',
    (j: Json) => void
  >
>;

const dirs: string[] = [];
afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));

/** A copy of the shipped profiles with `edits` applied to the parsed files. */
function brokenCopy(edits: Edits): string {
  const dir = mkdtempSync(join(tmpdir(), 'snds-synth-profiles-'));
  dirs.push(dir);
  cpSync(DEFAULT_PROFILES, dir, { recursive: true });
  for (const [name, edit] of Object.entries(edits)) {
    const path = join(dir, `${name}.json`);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    edit!(json);
    writeFileSync(path, JSON.stringify(json, null, 2));
  }
  return dir;
}

/** The ProfileError that reading `dir` throws. */
function errorOf(dir: string): ProfileError {
  try {
    readProfiles(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return error as ProfileError;
  }
  throw new Error(`the profiles of ${dir} were accepted`);
}

/** The problems (one line each) of profiles broken by `edits`. */
const problemsOf = (edits: Edits): string[] =>
  errorOf(brokenCopy(edits)).problems;

describe('profiles', () => {
  it('accepts the shipped profiles unchanged', () => {
    const profiles = readProfiles(DEFAULT_PROFILES);
    expect(profiles.conditions.conditions.map(c => c.id)).toEqual([
      'diabetes',
      'cardiovascular',
      'cancer',
      'respiratory',
      'depression'
    ]);
    expect(profiles.care.biologyPerYear).toHaveLength(
      profiles.care.bands.length
    );
    expect(ExportedProfileError).toBe(ProfileError);
  });

  it('names the file, the field and the value of a wrong type', () => {
    expect(
      problemsOf({
        care: j => (j.acuteStay.meanStayDays = 'x'),
        generic: j => (j.rowsPerPatient = '0.02'),
        deaths: j => (j.placeOfDeath = [1])
      })
    ).toEqual([
      'care.json: acuteStay.meanStayDays must be a number of days, 1 or more, not "x"',
      'deaths.json: placeOfDeath must be an object { … }, not [1]',
      'generic.json: rowsPerPatient must be a number, 0 or more, not "0.02"'
    ]);
  });

  it('says what a missing field holds, with the number of bands', () => {
    expect(
      problemsOf({
        care: j => delete j.biologyPerYear,
        population: j => delete j.source
      })
    ).toEqual([
      'population.json: source is missing (a non-empty text: where its figures come from)',
      'care.json: biologyPerYear is missing (one number per age band of "bands": 6)'
    ]);
  });

  it('wants a biology check-up open to everyone, and a sex of 1 or 2', () => {
    expect(
      problemsOf({
        care: j => {
          j.biologyPanels = [{ name: 'PSA', acts: [7318], weight: 1, sex: 1 }];
        },
        conditions: j => {
          j.conditions[0].biologyPanels[0].sex = 0;
        }
      })
    ).toEqual([
      'conditions.json: conditions[0].biologyPanels[0].sex must be 1 (men) or 2 (women), not 0',
      'care.json: biologyPanels must have a check-up open to everyone (no sex, no minAge) with a weight above 0, not [{"name":"PSA","acts":[7318],"weight":1…'
    ]);
  });

  it("wants a treatment's check-ups to come with their number a year", () => {
    expect(
      problemsOf({
        conditions: j => {
          delete j.treatments[4].biologyPerYear;
          j.treatments[5].biologyPanels[0].weight = -1;
        }
      })
    ).toEqual([
      'conditions.json: treatments[4].biologyPanels are given but biologyPerYear is absent or 0, so no one would get them: give biologyPerYear, the check-ups a year of the treated',
      'conditions.json: treatments[5].biologyPanels[0].weight must be a number, 0 or more, not -1',
      'conditions.json: treatments[5].biologyPanels must have a check-up open to everyone (no sex, no minAge) with a weight above 0, not [{"name":"uricémie et créatinine","acts…'
    ]);
  });

  it("wants a drug's choices to stand for a drug of its lists, none of them another", () => {
    expect(
      problemsOf({
        conditions: j => {
          const cardiovascular = j.conditions[1];
          const choices = cardiovascular.chronicAtcChoices.B01AF02;
          cardiovascular.chronicAtcChoices.N02BE01 = [
            { atc: 'N02BE01', weight: 1 },
            { atc: 'N02BA01', weight: 1 }
          ];
          choices[1].atc = 'C07AB07';
          delete choices[3].biologyPerYear;
          choices[4].weight = 0;
          cardiovascular.chronicAtcByCode.I48.push('B01AF02');
          cardiovascular.chronicAtcChoices.C09AA05 = [
            { atc: 'C09AA05', weight: 1 },
            { atc: 'B01AE07', weight: 1 }
          ];
        }
      })
    ).toEqual([
      'conditions.json: conditions[1].chronicAtcChoices.B01AF02[3].biologyPanels are given but biologyPerYear is absent or 0, so no one would get them: give biologyPerYear, the check-ups a year of the users',
      'conditions.json: conditions[1].chronicAtcChoices.B01AF02[4].weight must be a number above 0, not 0',
      'conditions.json: conditions[1].chronicAtcByCode.I48 names B01AF02 twice, whose choices a person would then take twice: name it once',
      'conditions.json: conditions[1].chronicAtcChoices.B01AF02[1].atc C07AB07 is also a drug of the lists, so a person could take it twice: remove it here or there',
      'conditions.json: conditions[1].chronicAtcChoices.N02BE01 is in neither chronicAtc nor chronicAtcByCode: name a drug of those lists',
      'conditions.json: conditions[1].chronicAtcChoices.C09AA05[1].atc B01AE07 is already a choice of B01AF02, so a person could take it twice: remove it here or there'
    ]);
  });

  it("wants a drug's nursing for drugs of the condition's lists, by band, for one condition", () => {
    expect(
      problemsOf({
        conditions: j => {
          const [diabetes, cardiovascular, cancer] = j.conditions;
          const copy = (atc: string) => ({
            ...diabetes.drugNursing,
            pctByBand: [...diabetes.drugNursing.pctByBand],
            atc
          });
          cardiovascular.drugNursing = copy('B01AF');
          cancer.drugNursing = copy('A10A');
          diabetes.drugNursing.pctByBand.pop();
          diabetes.drugNursing.twiceDailyPct = 101;
        }
      })
    ).toEqual([
      'conditions.json: conditions[0].drugNursing.twiceDailyPct must be a percentage, 0 to 100, not 101',
      'conditions.json: conditions[1].drugNursing.atc "B01AF" starts B01AF02, which chronicAtcChoices replaces by its choices: give a prefix of other drugs',
      'conditions.json: conditions[2].drugNursing.atc "A10A" starts none of the condition\'s drugs (chronicAtc, chronicAtcByCode: A04AA01, L02BG04, L02BB03, L01BC06, L01XE03, L01BB02, L01BA01); give the ATC prefix of some of them',
      'conditions.json: conditions may give drugNursing for one condition at most (one daily nursing care a person, whose lines would otherwise pile up); diabetes, cardiovascular, cancer give it: keep one',
      'conditions.json: conditions[0].drugNursing.pctByBand has 6 values but "bands" has 7'
    ]);
  });

  it("checks an epidemic's stays: one rate per band, a code of its own, years and months", () => {
    expect(
      problemsOf({
        care: j => {
          const [covid] = j.acuteStay.epidemics;
          covid.per100k.female.pop();
          covid.icd10 = j.acuteStay.icd10[0];
          covid.yearFactors = { '20x0': 1 };
          covid.monthWeightsByYear['2020'].pop();
        }
      })
    ).toEqual([
      'care.json: acuteStay.epidemics[0].yearFactors["20x0"] is not a year: key the figures by years such as "2020"',
      'care.json: acuteStay.epidemics[0].monthWeightsByYear["2020"] has 11 values but must have exactly 12 (one per month, January first)',
      'care.json: acuteStay.epidemics[0].per100k.female has 9 values but "acuteStay.icd10WeightsByAge.bands" has 10',
      "care.json: acuteStay.epidemics[0].icd10 K359 is also a general stay's code (icd10): give the epidemic its own code"
    ]);
    expect(
      problemsOf({ care: j => (j.acuteStay.epidemics[0].yearFactors = {}) })
    ).toEqual([
      'care.json: acuteStay.epidemics[0].yearFactors must give at least one year: {"2020": 1}, not {}'
    ]);
    // Deaths: two epidemics that take 107% of the deaths of other causes in 2020.
    expect(
      problemsOf({
        care: j => {
          const second = structuredClone(j.acuteStay.epidemics[0]);
          second.icd10 = 'U072';
          second.otherCauseDeathPctByYear = { '2020': 90, '2021': 0 };
          j.acuteStay.epidemics.push(second);
        }
      })
    ).toEqual([
      'care.json: acuteStay.epidemics give 107% of the deaths of other causes in 2020 (otherCauseDeathPctByYear summed over the epidemics): at most 100; lower the shares'
    ]);
    // Its places of death: one weight per place of deaths.json, not all 0.
    expect(
      problemsOf({
        care: j => (j.acuteStay.epidemics[0].placeOfDeathWeights = [1, 2, 3])
      })
    ).toEqual([
      'care.json: acuteStay.epidemics[0].placeOfDeathWeights has 3 values but deaths.json placeOfDeath.codes has 6: give one weight per place'
    ]);
    expect(
      problemsOf({
        care: j =>
          (j.acuteStay.epidemics[0].placeOfDeathWeights = [0, 0, 0, 0, 0, 0])
      })
    ).toEqual([
      'care.json: acuteStay.epidemics[0].placeOfDeathWeights has no weight above 0: give at least one'
    ]);
    // Places of death for an epidemic of no deaths.
    expect(
      problemsOf({
        care: j => (j.acuteStay.epidemics[0].otherCauseDeathPctByYear = {})
      })
    ).toEqual([
      'care.json: acuteStay.epidemics[0].placeOfDeathWeights is given for an epidemic of no deaths: give its otherCauseDeathPctByYear or remove it',
      'care.json: acuteStay.epidemics[0].mcoShareOfHospitalDeathsPct is given for an epidemic of no deaths: give its otherCauseDeathPctByYear or remove it'
    ]);
    // A code another file gives: a cause of death of deaths.json.
    expect(
      problemsOf({ care: j => (j.acuteStay.epidemics[0].icd10 = 'R54') })
    ).toEqual([
      'care.json: acuteStay.epidemics[0].icd10 R54 is also a cause of death or last stay of deaths.json otherCauses: give the epidemic its own code'
    ]);
  });

  it('checks the excess mortality by year: years, factors', () => {
    expect(
      problemsOf({
        population: j => {
          j.mortalityYearFactors['2020'] = 5;
          j.mortalityYearFactors.later = 1.1;
        }
      })
    ).toEqual([
      'population.json: mortalityYearFactors["2020"] must be a factor, 0.5 to 3, not 5',
      'population.json: mortalityYearFactors.later is not a year: key the figures by years such as "2020"'
    ]);
  });

  it('checks the planned stays kept by month: years, twelve shares', () => {
    expect(
      problemsOf({
        care: j => {
          const kept = j.acuteStay.plannedStaysKeptByMonth;
          kept['2020'].pop();
          kept['2021'][3] = 1.5;
          kept.next = Array(12).fill(1);
        }
      })
    ).toEqual([
      'care.json: acuteStay.plannedStaysKeptByMonth["2020"] has 11 values but must have exactly 12 (one share per month, January first)',
      'care.json: acuteStay.plannedStaysKeptByMonth["2021"][3] must be a share, 0 to 1, not 1.5',
      'care.json: acuteStay.plannedStaysKeptByMonth.next is not a year: key the figures by years such as "2020"'
    ]);
  });

  it('checks the town visits of the lockdowns and by video: years, months, natures', () => {
    expect(
      problemsOf({
        care: j => {
          j.townVisitsKeptByMonth.gp['2020'][3] = 1.5;
          j.townVisitsKeptByMonth.specialist['20x0'] = Array(12).fill(1);
          j.teleconsultation.gpPctByMonth['2021'].pop();
          j.teleconsultation.specialistPctByMonth['2022'][0] = 120;
          j.teleconsultation.prsNat.gp = j.prsNat.gp;
        }
      })
    ).toEqual([
      'care.json: townVisitsKeptByMonth.gp["2020"][3] must be a share, 0 to 1, not 1.5',
      'care.json: townVisitsKeptByMonth.specialist["20x0"] is not a year: key the figures by years such as "2020"',
      'care.json: teleconsultation.gpPctByMonth["2021"] has 11 values but must have exactly 12 (one percentage per month, January first)',
      'care.json: teleconsultation.specialistPctByMonth["2022"][0] must be a percentage, 0 to 100, not 120',
      'care.json: teleconsultation.prsNat.gp 1110 is also a nature of prsNat: give the nature of a visit by video (TCG 1192, TC 1191 in IR_NAT_V)'
    ]);
  });

  it('checks the tariffs: a price, or prices by the day they apply from', () => {
    expect(
      problemsOf({
        care: j => {
          j.prices.gp['2023-13-01'] = 27;
          j.prices.gp['2024-12-22'] = -30;
          j.prices.specialist = {};
          j.teleconsultation.prices.gp = 'free';
          j.prices.nursing = { '2019-01-01': 3.15 };
        }
      })
    ).toEqual([
      'care.json: prices.gp["2024-12-22"] must be at least 0, not -30',
      'care.json: prices.gp["2023-13-01"] is not a day: key each price by the day it applies from, such as "2023-11-01"',
      'care.json: prices.specialist gives no price: give one, such as 25 or {"2017-05-01": 25}',
      'care.json: prices.nursing must be a price in euros, 0 or more, not {"2019-01-01":3.15}',
      'care.json: teleconsultation.prices.gp must be a price in euros, or {"YYYY-MM-DD": euros from that day on, …}, not "free"'
    ]);
  });

  it('checks a nursing line: its days, one weight per coefficient, its spread', () => {
    expect(
      problemsOf({
        care: j => {
          j.nursingCare.maxDays = 0;
          j.nursingCare.coefficientWeights = [1, 1];
          j.nursingCare.spreadShape = 0;
        }
      })
    ).toEqual([
      'care.json: nursingCare.maxDays must be at least 1, not 0',
      'care.json: nursingCare.spreadShape must be a gamma shape, 0.2 to 20, not 0',
      'care.json: nursingCare.coefficientWeights must have one weight per coefficient of nursingCare.coefficients (3), not [1,1]'
    ]);
  });

  it('checks ranges: percentages, shares, counts, ages, years, codes', () => {
    expect(
      problemsOf({
        care: j => {
          j.acuteStay.ambulatoryPct.K359 = 150;
          j.pmsi.ghm[1].minAge = 130;
          j.pmsi.ghm[0].root = '28Z7';
          j.acuteAtc[0] = '';
          j.acuteStay.icd10Restrictions.O800.sex = 3;
          j.prescriptionLag.biology.maxDays = 0;
          j.chronicRenewal.everyMonths = 5;
          j.practitioners.inhabitantsPer.specialists.cardio = 15000;
          j.practitioners.declaredGpPct = 120;
        },
        conditions: j => {
          j.conditions[0].aldShare = 1.5;
          j.conditions[1].specialistFollowUpMonths = -3;
        },
        deaths: j => (j.certificate2017Since = 18),
        generic: j => (j.minRows = 2.5)
      })
    ).toEqual([
      'conditions.json: conditions[0].aldShare must be a share, 0 to 1, not 1.5',
      'conditions.json: conditions[1].specialistFollowUpMonths must be at least 1, not -3',
      'care.json: acuteAtc[0] must be an ATC code such as "A10BA02" (a text with no spaces), not ""',
      'care.json: practitioners.inhabitantsPer.specialists has key "cardio": each key is a specialty code (IR_SPE_V), e.g. "42"',
      'care.json: practitioners.declaredGpPct must be a percentage, 0 to 100, not 120',
      'care.json: prescriptionLag.biology.maxDays must be a whole number, 1 or more, not 0',
      'care.json: chronicRenewal.everyMonths must divide the year: 1, 2, 3, 4, 6 or 12, not 5',
      'care.json: acuteStay.icd10Restrictions.O800.sex must be 1 (men) or 2 (women), not 3',
      'care.json: acuteStay.ambulatoryPct.K359 must be a percentage, 0 to 100, not 150',
      'care.json: pmsi.ghm[0].root must be a GHM root: a CMD, a type letter (C, K, M or Z) and two digits, e.g. "05M04", not "28Z7"',
      'care.json: pmsi.ghm[1].minAge must be an age, 0 to 120, not 130',
      'deaths.json: certificate2017Since must be a year, 1950 to 2100, not 18',
      'generic.json: minRows must be a whole number, 1 or more, not 2.5'
    ]);
  });

  it('checks one value per band', () => {
    expect(
      problemsOf({
        care: j => j.gpVisitsPerYear.pop(),
        conditions: j => j.conditions[2].prevalencePct.female.push(4),
        population: j => {
          j.mortalityPer100k.male.pop();
          j.lastBandAgeWeights.push(1);
        },
        deaths: j => {
          j.placeOfDeath.weights.pop();
          j.maritalStatus.codes.push(5);
        }
      })
    ).toEqual([
      'population.json: mortalityPer100k.male has 19 values but "ageBands" has 20',
      'population.json: lastBandAgeWeights has 11 weights but ages 95 to 104 (the last band of "ageBands" to "maxAge") are 10',
      'conditions.json: conditions[2].prevalencePct.female has 8 values but "bands" has 7',
      'care.json: gpVisitsPerYear has 5 values but "bands" has 6',
      'deaths.json: placeOfDeath.weights has 4 rows but "placeOfDeath.bands" has 5',
      'deaths.json: maritalStatus.male[0] has 4 values but "maritalStatus.codes" has 5 (so do 5 more rows)',
      'deaths.json: maritalStatus.female[0] has 4 values but "maritalStatus.codes" has 5 (so do 5 more rows)'
    ]);
  });

  it('checks weights, price ranges and month weights', () => {
    expect(
      problemsOf({
        care: j => {
          j.acuteStay.icd10WeightsByAge.female[3].pop();
          j.acuteStay.icd10WeightsByAge.male.pop();
          j.acuteStay.otherDiagnoses.groups[1].female.pop();
          j.drugForms[1].unitPrice = [11, 7];
          j.seasonality[0].monthWeights.pop();
          j.gpVisitMonthWeights = j.gpVisitMonthWeights.map(() => 0);
          j.flowLagMonthsWeights = { '1': 0 };
        },
        deaths: j => (j.placeOfDeath.weights[1][0] = -1)
      })
    ).toEqual([
      'care.json: drugForms[1].unitPrice must be [lowest, highest] euros per unit: the lowest first, not [11,7]',
      'care.json: seasonality[0].monthWeights has 11 values but must have exactly 12 (one per month, January first)',
      'care.json: gpVisitMonthWeights has no weight above 0: give at least one',
      'care.json: flowLagMonthsWeights has no weight above 0: give at least one',
      'care.json: acuteStay.icd10WeightsByAge.male has 9 rows but "acuteStay.icd10WeightsByAge.bands" has 10',
      'care.json: acuteStay.otherDiagnoses.groups[1].female has 9 values but "acuteStay.icd10WeightsByAge.bands" has 10',
      'care.json: acuteStay.icd10WeightsByAge.female[3] has 44 weights but "acuteStay.icd10" has 45',
      'deaths.json: placeOfDeath.weights[1][0] must be a number, 0 or more, not -1'
    ]);
  });

  it("refuses a general stay's rate in a band its restrictions rule out", () => {
    expect(
      problemsOf({
        care: j => {
          const w = j.acuteStay.icd10WeightsByAge;
          const at = (code: string): number => j.acuteStay.icd10.indexOf(code);
          w.male[2][at('O800')] = 50; // deliveries: women only
          w.female[1][at('J219')] = 10; // bronchiolitis: up to age 2
          w.female[6][at('S7200')] = 5; // hip fractures: from 50
          w.female[7][at('S7200')] = 40; // 50 to 64: fits
        }
      })
    ).toEqual([
      'care.json: acuteStay.icd10WeightsByAge.male[2][3] gives O800 50 stays per 100,000 from age 15 to 19, which its icd10Restrictions rule out for men of those ages; set it to 0 or widen the restriction',
      'care.json: acuteStay.icd10WeightsByAge.female[6][1] gives S7200 5 stays per 100,000 from age 40 to 49, which its icd10Restrictions rule out for women of those ages; set it to 0 or widen the restriction',
      'care.json: acuteStay.icd10WeightsByAge.female[1][15] gives J219 10 stays per 100,000 from age 5 to 14, which its icd10Restrictions rule out for women of those ages; set it to 0 or widen the restriction'
    ]);
  });

  it('checks the spreads of counts and nights, and the chronic drugs of a condition', () => {
    expect(
      problemsOf({
        care: j => {
          j.countSpreadShape = 0;
          j.stayNightsShape = 'wide';
          j.acuteSpreadShape = 25;
          j.specialties.childrenUnder15 = [12, 16];
          j.specialties.adultsFrom15 = [14, 7];
        },
        conditions: j => {
          j.conditions[0].chronicDrugsWeights = [40, 30, 20, 5, 5];
          j.conditions[1].chronicDrugsWeights = [0, 0];
        }
      })
    ).toEqual([
      'conditions.json: conditions[0].chronicDrugsWeights gives at most 4 weights: for 1 to 4 drugs a month',
      'conditions.json: conditions[1].chronicDrugsWeights has no weight above 0: give at least one',
      'care.json: countSpreadShape must be a gamma shape, 0.2 to 20, not 0',
      'care.json: stayNightsShape must be a gamma shape, 0.2 to 20, not "wide"',
      'care.json: acuteSpreadShape must be a gamma shape, 0.2 to 20, not 25',
      'care.json: specialties.childrenUnder15[1] 16 is not in "others": list it there too',
      'care.json: specialties.adultsFrom15 names 7, which womenFrom15 names too: give a specialty one of these limits'
    ]);
    // Checks across fields run once every field is right.
    expect(
      problemsOf({
        care: j => (j.acuteAtcMinAge = { [j.acuteAtc[0]]: 12, N05CF03: 18 })
      })
    ).toEqual([
      'care.json: acuteAtcMinAge names N05CF03, which is not in "acuteAtc" (did you mean "N05CF02"?): add it there or remove it here',
      'care.json: acuteAtcMinAge gives the first code of "acuteAtc" (N02BE01) a minimum age, but it replaces the others below theirs: give it none'
    ]);
  });

  it('checks the codes that acuteStay keys name', () => {
    expect(
      problemsOf({
        care: j => {
          j.acuteStay.ambulatoryPct.K999 = 3;
          j.acuteStay.ccamByCode.K803 = ['HMFC004'];
          j.acuteStay.icd10Restrictions.X = { sex: 1 };
        }
      })
    ).toEqual([
      'care.json: acuteStay.ambulatoryPct names K999, which is not in "acuteStay.icd10": add it there or remove it here',
      'care.json: acuteStay.ccamByCode names K803, which is not in "acuteStay.icd10" (did you mean "K802"?): add it there or remove it here',
      'care.json: acuteStay.icd10Restrictions names X, which is not in "acuteStay.icd10": add it there or remove it here'
    ]);
  });

  it('checks the treatments outside the conditions: ids, excluded conditions, weights, at most 7', () => {
    expect(
      problemsOf({
        conditions: j => {
          j.treatments[0].excludedConditions = ['cardiovasculr'];
          j.treatments[0].excludedOtherAld = ['arteriopaty'];
          j.treatments[0].aldConditions = ['diabets'];
          j.treatments[1].id = j.treatments[0].id;
          j.treatments[2].chronicAtcWeights.pop();
          j.treatments[3].usersPct.female.pop();
          j.treatments[3].id = 'anti-anxiety';
          j.treatments[4].renewYears = 1;
          j.treatments[6].renewYears = 2.5;
        }
      })
    ).toEqual([
      'conditions.json: treatments[2].chronicAtcWeights has 4 weights but chronicAtc has 5 drugs: give one weight per drug',
      'conditions.json: treatments[3].id must be an id of letters, digits and _ (it names SQL columns), not "anti-anxiety"',
      'conditions.json: treatments[4].renewYears must be a whole number of years, 2 to 50, not 1',
      'conditions.json: treatments[6].renewYears must be a whole number of years, 2 to 50, not 2.5',
      'conditions.json: treatments[0].excludedConditions[0] "cardiovasculr" is not a condition id (did you mean "cardiovascular"?); use one of diabetes, cardiovascular, cancer, respiratory, depression',
      'conditions.json: treatments[0].aldConditions[0] "diabets" is not a condition id (did you mean "diabetes"?); use one of diabetes, cardiovascular, cancer, respiratory, depression',
      'conditions.json: treatments[0].excludedOtherAld[0] "arteriopaty" is not an otherAld id (did you mean "arteriopathy"?); use one of psychiatric, dementia, parkinson, epilepsy, multiple_sclerosis, rheumatoid_arthritis, spondylarthritis, ibd, hiv, liver, arteriopathy, kidney, cancer_followup, outside_list, polypathology',
      'conditions.json: treatments[1].id "antihypertensive" is also an earlier treatment\'s id: give each its own',
      'conditions.json: treatments[3].usersPct.female has 6 values but "bands" has 7'
    ]);
    expect(
      problemsOf({
        conditions: j => {
          j.treatments.push({ ...j.treatments[3], id: 'eighth' });
        }
      })
    ).toEqual([
      'conditions.json: treatments has 8 values but must have at most 7 (at most 7: each takes one of the kinds of care line the generator numbers)',
      'conditions.json: treatments and the conditions take up to 26 chronic drugs a month in all (the lengths of their chronicDrugsWeights; 1 for a treatment without), but the DCIR numbering has room for 25: give fewer weights'
    ]);
    expect(
      problemsOf({
        conditions: j => {
          for (const t of j.treatments) {
            t.chronicDrugsWeights = [1, 1, 1, 1];
            delete t.startDrugsWeights;
            delete t.yearsPerAddedDrug;
          }
        }
      })
    ).toEqual([
      'conditions.json: treatments and the conditions take up to 44 chronic drugs a month in all (the lengths of their chronicDrugsWeights; 1 for a treatment without), but the DCIR numbering has room for 25: give fewer weights'
    ]);
  });

  it('checks condition ids, risk ratios and sessions', () => {
    expect(
      problemsOf({
        conditions: j => {
          j.conditions[1].riskRatioWith = { diabetis: 2 };
          j.conditions[3].sessions = {
            patientPct: 5,
            perYear: 2,
            icd10: 'Z511'
          };
          j.conditions[4].id = 'cancer';
          j.treatments = [];
          j.conditions[0].mortalityRatio = 0;
          j.conditions[0].incidenceRatio = 7;
          j.conditions[0].stopPct = -5;
          j.conditions[0].icd10WeightsByAge.male.pop();
          j.conditions[2].icd10WeightsByAge.female[1].push(3);
          j.causeOfDeathPct = { cancers: 90, diabetes: 120 };
        }
      })
    ).toEqual([
      'conditions.json: conditions[0].mortalityRatio must be a number above 0, not 0',
      'conditions.json: conditions[0].incidenceRatio must be a share, 0 to 1, not 7',
      'conditions.json: conditions[0].stopPct must be a percentage, 0 to 100, not -5',
      'conditions.json: causeOfDeathPct.diabetes must be a percentage, 0 to 100, not 120',
      'conditions.json: conditions[0].icd10WeightsByAge.male has 6 rows but "bands" has 7',
      'conditions.json: conditions[1].riskRatioWith names "diabetis", which is not a condition id (did you mean "diabetes"?); use one of diabetes, cardiovascular, cancer, respiratory',
      'conditions.json: conditions[2].icd10WeightsByAge.female[1] has 6 weights but "conditions[2].icd10ByFemale" has 5',
      'conditions.json: conditions[2].causeOfDeathPctByCode does nothing: "cancer" causes no deaths; give it a share in causeOfDeathPct, or drop this',
      'conditions.json: conditions[4].id "cancer" is also conditions[2]\'s id: give each condition its own',
      'conditions.json: causeOfDeathPct.cancers is not a condition id (did you mean "cancer"?); use one of diabetes, cardiovascular, cancer, respiratory',
      'conditions.json: conditions[3].sessions is not allowed: conditions[2] ("cancer") has sessions, and only one condition can'
    ]);
    expect(
      problemsOf({
        conditions: j => {
          j.conditions[0].riskRatioWith = { cardiovascular: 1.5 };
          delete j.conditions[3].icd10;
        }
      })
    ).toEqual([
      'conditions.json: conditions[3] ("respiratory") needs "icd10", or both "icd10ByMale" and "icd10ByFemale"',
      'conditions.json: conditions[0].riskRatioWith makes a cycle (diabetes → cardiovascular → diabetes): a condition cannot depend on itself'
    ]);
  });

  it('checks the other ALDs: bands, code weights, ids and their sum', () => {
    expect(
      problemsOf({
        conditions: j => {
          j.otherAld[0].prevalencePct.male.pop();
          j.otherAld[0].icd10WeightsByAge.female[2].push(1);
          j.otherAld[2].id = 'cancer';
          j.otherAld[3].id = 'dementia';
          j.otherAld[4].prevalencePct.female[6] = 95;
          delete j.otherAld[5].icd10;
          j.otherAld[6].ald = 0;
          j.otherAld[7].exemptionNature = 43;
          delete j.otherAld[13].exemptionNature;
        }
      })
    ).toEqual([
      'conditions.json: otherAld[5] ("rheumatoid_arthritis") needs "icd10", or both "icd10ByMale" and "icd10ByFemale"',
      'conditions.json: otherAld[6].ald must be a whole number, 1 or more, not 0',
      'conditions.json: otherAld[7].exemptionNature is 43, an ALD outside the list, whose ald is 99, not 24',
      'conditions.json: otherAld[13].exemptionNature is needed for ald 99: 43 (outside the list) or 45 (polypathology)',
      'conditions.json: otherAld[0].prevalencePct.male has 6 values but "bands" has 7',
      'conditions.json: otherAld[0].icd10WeightsByAge.female[2] has 7 weights but "otherAld[0].icd10" has 6',
      'conditions.json: otherAld[2].id "cancer" is also the id of a condition or of an earlier otherAld: give each its own',
      'conditions.json: otherAld[3].id "dementia" is also the id of a condition or of an earlier otherAld: give each its own',
      'conditions.json: otherAld gives women from age 80 121.3% in an ALD, above 100%: a person is in one of them at most; lower their prevalencePct'
    ]);
  });

  it("checks the other ALDs' drugs (a list, its weights, its codes' prefixes) and new cases", () => {
    expect(
      problemsOf({
        conditions: j => {
          delete j.otherAld[2].drugs.chronicAtc;
          delete j.otherAld[2].drugs.chronicAtcWeights;
          j.otherAld[3].drugs.chronicAtcWeights.pop();
          j.otherAld[9].drugs.chronicAtcByCode.B19 = ['J05AF10'];
          j.otherAld[10].drugs.treatedPct = 120;
          j.otherAld[10].drugs.forYears = 0;
          j.otherAld[11].drugs.chronicAtc = [];
          j.otherAld[12].incidenceRatio = 1.5;
        }
      })
    ).toEqual([
      'conditions.json: otherAld[2].drugs needs "chronicAtc", "chronicAtcByCode" or both',
      'conditions.json: otherAld[3].drugs.chronicAtcWeights has 3 weights but "otherAld[3].drugs.chronicAtc" has 4',
      'conditions.json: otherAld[9].drugs.chronicAtcByCode.B19 is the prefix of none of its ICD-10 codes (K703, B182, K746, B181)',
      'conditions.json: otherAld[10].drugs.treatedPct must be a percentage, 0 to 100, not 120',
      'conditions.json: otherAld[10].drugs.forYears must be a whole number, 1 or more, not 0',
      'conditions.json: otherAld[11].drugs.chronicAtc has 0 values but must have at least 1',
      'conditions.json: otherAld[11].drugs.chronicAtcWeights has 4 weights but "otherAld[11].drugs.chronicAtc" has 0',
      'conditions.json: otherAld[12].incidenceRatio must be a share, 0 to 1, not 1.5'
    ]);
  });

  it("checks the other ALDs' deaths: ratio, cause codes and last stay", () => {
    expect(
      problemsOf({
        conditions: j => {
          j.otherAld[1].causeIcd10ByCode.G30 = 'G309';
          j.otherAld[1].causeIcd10ByCode.F001 = 'G3010';
          delete j.otherAld[2].lastStayIcd10;
          j.otherAld[3].mortalityRatio = 0;
          j.otherAld[4].causeOfDeathPct = 140;
          j.otherAld[6].lastStayIcd10 = 'J189';
        }
      })
    ).toEqual([
      'conditions.json: otherAld[1].causeIcd10ByCode.F001 "G3010" has 5 characters: causes of death have 3 or 4 (as KI_CCI_R codes them)',
      'conditions.json: otherAld[1].causeIcd10ByCode.G30 is the prefix of none of its ICD-10 codes (F000, F001, F019, F03)',
      'conditions.json: otherAld[2].lastStayIcd10 is needed with causeOfDeathPct: the principal diagnosis of the last MCO stay of a death it causes (a pneumonia, J189, for most)',
      'conditions.json: otherAld[3].mortalityRatio must be a number above 0, not 0',
      'conditions.json: otherAld[4].causeOfDeathPct must be a percentage, 0 to 100, not 140',
      'conditions.json: otherAld[6].lastStayIcd10 does nothing without causeOfDeathPct: give the share of deaths the ALD causes, or drop it'
    ]);
  });

  it("checks the share of a condition's deaths it causes, its mortality ratio and excess risks, by code", () => {
    expect(
      problemsOf({
        conditions: j => {
          j.conditions[2].causeOfDeathPctByCode.C51 = 50;
          j.conditions[2].causeOfDeathPctByCode.C61 = 120;
          j.conditions[4].causeOfDeathPctByCode = { F32: 10 };
          j.conditions[2].mortalityRatioByCode.C34 = 0;
          j.conditions[2].mortalityRatioByCode.C51 = 3;
          j.conditions[2].firstYearExcessDeathPctByCode.C51 = 3;
          j.conditions[4].firstYearExcessDeathPctByCode = { F32: 10 };
          j.conditions[2].secondYearExcessDeathPctByCode.C34 = 101;
          j.conditions[2].secondYearExcessDeathPctByCode.C52 = 1;
          j.conditions[4].secondYearExcessDeathPctByCode = { F32: 5 };
          j.conditions[4].incidenceRatio = 0;
        }
      })
    ).toEqual([
      'conditions.json: conditions[2].mortalityRatioByCode.C34 must be a number above 0, not 0',
      'conditions.json: conditions[2].secondYearExcessDeathPctByCode.C34 must be a percentage, 0 to 100, not 101',
      'conditions.json: conditions[2].causeOfDeathPctByCode.C61 must be a percentage, 0 to 100, not 120',
      'conditions.json: conditions[2].causeOfDeathPctByCode.C51 is the prefix of none of its ICD-10 codes (C61, C189, C349, C679, C910, C509, C504)',
      'conditions.json: conditions[2].mortalityRatioByCode.C51 is the prefix of none of its ICD-10 codes (C61, C189, C349, C679, C910, C509, C504)',
      'conditions.json: conditions[2].firstYearExcessDeathPctByCode.C51 is the prefix of none of its ICD-10 codes (C61, C189, C349, C679, C910, C509, C504)',
      'conditions.json: conditions[2].secondYearExcessDeathPctByCode.C52 is the prefix of none of its ICD-10 codes (C61, C189, C349, C679, C910, C509, C504)',
      'conditions.json: conditions[4].firstYearExcessDeathPctByCode applies to new cases, and the condition has none: give it an incidenceRatio above 0, or remove this field',
      'conditions.json: conditions[4].secondYearExcessDeathPctByCode applies to new cases, and the condition has none: give it an incidenceRatio above 0, or remove this field',
      'conditions.json: conditions[4].causeOfDeathPctByCode does nothing: "depression" causes no deaths; give it a share in causeOfDeathPct, or drop this'
    ]);
  });

  it('checks ages, departments, ALD prefixes, drug forms and link codes', () => {
    expect(
      problemsOf({
        population: j => {
          j.maxAge = 90;
          j.oldRegions['11'].push('099');
        },
        conditions: j => (j.conditions[1].ald = { I21: 13, I25: 13 }),
        care: j => {
          j.drugForms[0].atc = 'A10A';
          j.pmsi.invalidLinkCodes.NIR_RTE = 5;
          j.seasonality[0].atc = 'J04';
        }
      })
    ).toEqual([
      'population.json: maxAge (90) must be at least the last band of "ageBands" (95)',
      'population.json: oldRegions names 1 department not in "departments": "099" (region 11)',
      'conditions.json: conditions[1].ald has no ALD number for I500, I48, I639, I110: give one for a prefix of each ICD-10 code',
      'care.json: drugForms has no form for every other class: add one with "atc": ""',
      'care.json: drugForms[1].atc "A10A" is also drugForms[0]\'s: give each prefix one form',
      'care.json: pmsi.invalidLinkCodes names NIR_RTE, which cannot fail here (did you mean "NIR_RET"?); use NIR_RET, NAI_RET, SEX_RET, SEJ_RET',
      'care.json: seasonality[0].atc "J04" is the class of no code of "acuteAtc"'
    ]);
    expect(
      problemsOf({
        conditions: j => {
          j.conditions[2].ccamByCode = { C51: ['QEFA017'] };
          j.conditions[0].chronicAtcWeights.pop();
        },
        care: j => {
          j.acuteAtcWeights.pop();
          j.specialties.womenFrom15 = [8];
        },
        deaths: j => j.otherCauses.lastStayIcd10.pop()
      })
    ).toEqual([
      'conditions.json: conditions[0].chronicAtcWeights has 3 weights but "conditions[0].chronicAtc" has 4',
      'conditions.json: conditions[2].ccamByCode.C51 is the prefix of none of its ICD-10 codes (C61, C189, C349, C679, C910, C509, C504)',
      'care.json: specialties.womenFrom15[0] 8 is not in "others": list it there too',
      'care.json: acuteAtcWeights has 74 weights but "acuteAtc" has 75',
      'deaths.json: otherCauses.lastStayIcd10 has 34 codes but "otherCauses.codes" has 35'
    ]);
    expect(
      problemsOf({
        conditions: j =>
          (j.cartographyTreatments.minDispensationsWithLargePacks = 3)
      })
    ).toEqual([
      'conditions.json: cartographyTreatments.minDispensationsWithLargePacks must be below minDispensations (the Cartographie: 2 days with a large pack, else 3), not 3'
    ]);
    expect(problemsOf({ population: j => (j.ageBands[3] = 16) })).toEqual([
      'population.json: ageBands must be evenly spaced: every band but the last is ageBands[1] - ageBands[0] years wide, not [0,5,10,16,20,25,30,35,40,45,50,55,60,6…'
    ]);
  });

  it("checks the causes of death's share of men: one per code, a cause for each sex", () => {
    expect(problemsOf({ deaths: j => j.otherCauses.malePct.pop() })).toEqual([
      'deaths.json: otherCauses.malePct has 34 codes but "otherCauses.codes" has 35'
    ]);
    // Children's causes all men's: girls would die of none.
    expect(
      problemsOf({
        deaths: j => {
          const o = j.otherCauses;
          o.malePct = o.malePct.map((p: number, k: number) =>
            o.weights[0][k] > 0 ? 100 : p
          );
        }
      })
    ).toEqual([
      'deaths.json: otherCauses.weights[0] gives women no cause of death in the band from age 0: every cause weighted there has malePct 100; weight a cause that women die of'
    ]);
    // A band of no weight is reported once, not as leaving a sex no cause.
    expect(
      problemsOf({
        deaths: j =>
          (j.otherCauses.weights[1] = j.otherCauses.weights[1].map(() => 0))
      })
    ).toEqual([
      'deaths.json: otherCauses.weights[1] has no weight above 0: give at least one'
    ]);
    expect(
      problemsOf({ deaths: j => (j.otherCauses.malePct[0] = 101) })
    ).toEqual([
      'deaths.json: otherCauses.malePct[0] must be a percentage, 0 to 100, not 101'
    ]);
  });

  it('checks that first-year stops come with renewYears', () => {
    expect(
      problemsOf({
        conditions: j => {
          const gout = j.treatments.find(
            (t: { id: string }) => t.id === 'gout'
          );
          gout.firstYearStopPct = 30;
          j.treatments[0].firstYearStopPct = 95;
        }
      })
    ).toEqual([
      'conditions.json: treatments[0].firstYearStopPct must be a percentage, 0 to 90, not 95',
      "conditions.json: treatments[5].firstYearStopPct needs renewYears: its first-year stops are counted against the new users of renewYears' draws"
    ]);
  });

  it('checks that a start takes no more drugs than later (startDrugsWeights)', () => {
    expect(
      problemsOf({
        conditions: j => {
          j.conditions[0].startDrugsWeights = [85, 15];
          j.treatments[0].startDrugsWeights = [40, 40, 20];
          j.treatments[1].yearsPerAddedDrug = 2;
          j.treatments[2].startDrugsWeights = [1];
          j.treatments[2].yearsPerAddedDrug = 0.5;
        }
      })
    ).toEqual([
      'conditions.json: conditions[0].startDrugsWeights has 2 weights but chronicDrugsWeights has 4: give one per number of drugs',
      'conditions.json: treatments[0].startDrugsWeights gives fewer starts with at most 1 drug(s) (40%) than chronicDrugsWeights gives treated people (50%): a start takes no more drugs than later; move weight to fewer drugs',
      'conditions.json: treatments[1].yearsPerAddedDrug needs startDrugsWeights: it adds drugs to a start',
      'conditions.json: treatments[2].yearsPerAddedDrug must be a number of years, 1 to 20, not 0.5'
    ]);
  });

  it('checks the shares of a seasonal class kept by year (keptByMonth)', () => {
    expect(
      problemsOf({
        care: j => {
          j.seasonality[0].keptByMonth['2020'][3] = 1.5;
          j.seasonality[0].keptByMonth['twenty'] =
            j.seasonality[0].keptByMonth['2021'];
          j.seasonality[1].keptByMonth = { 2020: [1, 1] };
        }
      })
    ).toEqual([
      'care.json: seasonality[0].keptByMonth["2020"][3] must be a share, 0 to 1, not 1.5',
      'care.json: seasonality[0].keptByMonth.twenty is not a year: key the figures by years such as "2020"',
      'care.json: seasonality[1].keptByMonth["2020"] has 2 values but must have exactly 12 (one share per month, January first)'
    ]);
  });

  it('rejects unknown keys, naming the likely one', () => {
    expect(
      problemsOf({
        care: j => {
          j.secondStayPc = j.secondStayPct;
          j.acuteStay.comment = 'mine';
        }
      })
    ).toEqual([
      'care.json: acuteStay has an unknown key "comment": remove it',
      'care.json has an unknown key "secondStayPc" (did you mean "secondStayPct"?): remove it'
    ]);
  });

  it('reports unreadable files and cuts long values', () => {
    const dir = brokenCopy({
      population: j => (j.pyramid.male = 'x'.repeat(200))
    });
    writeFileSync(join(dir, 'care.json'), '{ "source": ');
    unlinkSync(join(dir, 'generic.json'));
    const [population, care, generic] = errorOf(dir).problems;
    expect(population).toBe(
      `population.json: pyramid.male must be one number per age band of "ageBands", not "${'x'.repeat(38)}…`
    );
    expect(care).toMatch(/^care\.json is not valid JSON: /);
    expect(generic).toBe(`generic.json is missing from ${dir}`);
  });

  it('lists every problem in one error, at most 10, then the fix', () => {
    const dir = brokenCopy({
      care: j => {
        for (let k = 0; k < 6; k++) {
          j.biologyPerYear[k] = -1 - k;
        }
      },
      deaths: j => {
        j.causeSearchPct = -1;
        j.electronicCertificatePct = 101;
      },
      generic: j => {
        j.minRows = 0;
        j.codesPerNomenclature = 'many';
        j.extra = 1;
      }
    });
    const error = errorOf(dir);
    expect(error.problems).toHaveLength(11);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(`11 problems in the generator profiles of ${dir}:`);
    expect(lines.slice(1, 3)).toEqual([
      '  care.json: biologyPerYear[0] must be a number, 0 or more, not -1',
      '  care.json: biologyPerYear[1] must be a number, 0 or more, not -2'
    ]);
    expect(lines).toContain(
      '  deaths.json: causeSearchPct must be a percentage, 0 to 100, not -1'
    );
    expect(lines.at(-2)).toBe('  … and 1 more');
    expect(lines.at(-1)).toBe(
      `Correct ${join(dir, 'care.json')}, ${join(dir, 'deaths.json')}, ${join(dir, 'generic.json')}; \`git checkout datasets/synth\` restores the shipped profiles.`
    );
  });

  it('build_program exits 2 with the message and no stack', () => {
    const dir = brokenCopy({ care: j => (j.acuteStay.meanStayDays = 'x') });
    const script = join(
      dirname(fileURLToPath(import.meta.url)),
      '../lib/build_program.js'
    );
    const run = spawnSync(
      process.execPath,
      [script, '--profiles', dir, '--out', join(dir, 'program.json')],
      { encoding: 'utf8' }
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'care.json: acuteStay.meanStayDays must be a number of days, 1 or more, not "x"'
    );
    expect(run.stderr).toContain('git checkout datasets/synth');
    expect(run.stderr).not.toMatch(/^ {4}at /m);
  });
});
