import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * `CREATE TABLE` statements for the tables of the join path, from the schema library (an ES
 * module, so in a child Node): the tables are empty until the generator lands, and the joined
 * query must still run.
 */
export function createTablesFor(
  from: string,
  to: string,
  year: number
): string[] {
  const script = `
    const node = await import('@snds-lab/schema/node');
    const lib = await import('@snds-lab/schema');
    const { dictionary } = await node.loadDictionary();
    const path = new lib.JoinGraph(dictionary).path(${JSON.stringify(from)}, ${JSON.stringify(to)});
    process.stdout.write(JSON.stringify(path.tables.map(t =>
      lib.createTableSql(dictionary.table(t), { year: ${year} }))));
  `;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script],
    {
      cwd: ROOT,
      encoding: 'utf8'
    }
  );
  return JSON.parse(out) as string[];
}
