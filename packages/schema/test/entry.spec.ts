import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const src = join(dirname(dirname(fileURLToPath(import.meta.url))), 'src');

/** Every module `entry` reaches through relative imports. */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) {
      return;
    }
    const text = readFileSync(file, 'utf8');
    const specifiers = [
      ...text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)
    ].map(m => m[1]);
    seen.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) {
        visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      }
    }
  };
  visit(join(src, entry));
  return seen;
}

describe('package entries', () => {
  describe('#index', () => {
    it('should reach no Node module, so that the browser bundle never pulls fs', () => {
      const modules = reachable('index.ts');
      expect(modules.size).toBeGreaterThan(10);
      for (const [file, specifiers] of modules) {
        const external = specifiers.filter(s => !s.startsWith('.'));
        expect({ file: file.slice(src.length + 1), external }).toEqual({
          file: file.slice(src.length + 1),
          external: []
        });
      }
    });
  });

  describe('#node', () => {
    it('should hold the importer and the file helpers', () => {
      const modules = [...reachable('node.ts').keys()].map(file =>
        file.slice(src.length + 1)
      );
      expect(modules).toEqual(
        expect.arrayContaining([
          'importer.ts',
          'bundle_files.ts',
          'build_bundle.ts'
        ])
      );
    });
  });
});
