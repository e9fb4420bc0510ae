import { beforeAll, describe, expect, it } from 'vitest';

import type { SndsDictionary } from '../src/dictionary.js';
import { DCIR_JOIN_KEY } from '../src/domain.js';
import { NoJoinPathError, UnknownNameError } from '../src/errors.js';
import { JoinGraph } from '../src/join_graph.js';
import { sharedDictionary } from './shared_schema.js';

describe('JoinGraph', () => {
  let dictionary: SndsDictionary;
  let graph: JoinGraph;
  beforeAll(async () => {
    dictionary = await sharedDictionary();
    graph = new JoinGraph(dictionary);
  });

  describe('#path', () => {
    it('should join ER_PHA_F to T_MCOaaC through ER_PRS_F, IR_BEN_R and NIR_ANO_17 = BEN_NIR_PSA', () => {
      const path = graph.path('ER_PHA_F', 'T_MCOaaC');
      expect(path.tables).toEqual([
        'ER_PHA_F',
        'ER_PRS_F',
        'IR_BEN_R',
        'T_MCOaaC'
      ]);
      expect([...path.steps[0].fromColumns].sort()).toEqual(
        [...DCIR_JOIN_KEY].sort()
      );
      expect(path.steps[0].toColumns).toEqual(path.steps[0].fromColumns);
      expect(path.steps[1]).toMatchObject({
        from: 'ER_PRS_F',
        to: 'IR_BEN_R',
        fromColumns: ['BEN_NIR_PSA', 'BEN_RNG_GEM'],
        toColumns: ['BEN_NIR_PSA', 'BEN_RNG_GEM']
      });
      expect(path.steps[2]).toMatchObject({
        from: 'IR_BEN_R',
        to: 'T_MCOaaC',
        fromColumns: ['BEN_NIR_PSA'],
        toColumns: ['NIR_ANO_17']
      });
    });

    it('should orient the keys the other way when walking a link backwards', () => {
      const path = graph.path('T_MCOaaC', 'ER_PHA_F');
      expect(path.tables).toEqual([
        'T_MCOaaC',
        'IR_BEN_R',
        'ER_PRS_F',
        'ER_PHA_F'
      ]);
      expect(path.steps[0]).toMatchObject({
        fromColumns: ['NIR_ANO_17'],
        toColumns: ['BEN_NIR_PSA']
      });
    });

    it('should prefer patient links to a shorter path through an establishment or a professional', () => {
      // ER_PRS_F and NS_PRS_F both link to BE_IDE_R and DA_PRA_R (2 joins), but those join
      // different patients' care on a shared FINESS or PS number.
      const path = graph.path('ER_PRS_F', 'NS_PRS_F');
      expect(path.tables).toEqual([
        'ER_PRS_F',
        'IR_BEN_R',
        'IR_IBA_R',
        'NS_PRS_F'
      ]);
      expect(path.steps.map(step => step.link.kind)).toEqual([
        'patient',
        'patient',
        'patient'
      ]);
    });

    it('should still use an establishment link when it is the only way', () => {
      const path = graph.path('T_MCOaaA', 'T_MCOaaE');
      expect(path.tables).toEqual(['T_MCOaaA', 'T_MCOaaB', 'T_MCOaaE']);
      expect(path.steps[1].link.kind).toBe('reference');
    });

    it('should accept per-year names and any case', () => {
      expect(graph.path('t_mco19a', 'T_MCO19B').tables).toEqual([
        'T_MCOaaA',
        'T_MCOaaB'
      ]);
    });

    it('should give an empty path from a table to itself', () => {
      expect(graph.path('ER_PRS_F', 'ER_PRS_F')).toMatchObject({
        tables: ['ER_PRS_F'],
        steps: [],
        cost: 0
      });
    });

    it('should say clearly when two tables are not connected', () => {
      expect(() => graph.path('ER_PHA_F', 'OPEN_MEDIC')).toThrow(
        NoJoinPathError
      );
      expect(() => graph.path('ER_PHA_F', 'OPEN_MEDIC')).toThrow(
        /^No join path from ER_PHA_F to OPEN_MEDIC: ER_PHA_F is in a group of 171 linked tables \(.*DCIR.*\); OPEN_MEDIC has no link to any other table/
      );
      expect(graph.findPath('ER_PHA_F', 'OPEN_MEDIC')).toBeUndefined();
    });

    it('should suggest a name for an unknown table', () => {
      expect(() => graph.path('ER_PRS_X', 'IR_BEN_R')).toThrow(
        UnknownNameError
      );
      expect(() => graph.path('ER_PRS_X', 'IR_BEN_R')).toThrow(
        'Unknown table ER_PRS_X: did you mean ER_PRS_F'
      );
    });

    it('should find a path between every two tables of a group, made of real links', () => {
      const group = graph.componentOf('ER_PRS_F');
      const linkSet = new Set(dictionary.links);
      for (const to of group) {
        const path = graph.path('ER_PRS_F', to);
        expect(path.tables[path.tables.length - 1]).toBe(to);
        for (const step of path.steps) {
          expect(linkSet.has(step.link)).toBe(true);
          expect(step.fromColumns).toHaveLength(step.toColumns.length);
        }
      }
    });
  });

  describe('#components', () => {
    it('should group the 171 linked tables and leave the 20 unlinked ones alone', () => {
      const sizes = graph.components().map(c => c.length);
      expect(sizes[0]).toBe(171);
      expect(sizes.slice(1).every(size => size === 1)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(191);
      expect(graph.connected('ER_PHA_F', 'KI_CCI_R')).toBe(true);
      expect(graph.connected('ER_PHA_F', 'EB_PHA_F')).toBe(false);
    });
  });

  describe('#neighbours', () => {
    it('should list every link of a table with its keys, several per pair when the source has several', () => {
      const neighbours = graph.neighbours('ER_PRS_F');
      expect(neighbours.filter(n => n.table === 'DA_PRA_R')).toHaveLength(3);
      expect(
        neighbours.find(n => n.table === 'ER_PHA_F')?.link.fromColumns
      ).toHaveLength(9);
    });
  });
});
