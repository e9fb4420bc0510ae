/** Errors a user can meet. Each message names the thing and the fix. */

export interface IImportIssue {
  severity: 'error' | 'warning';
  /** Path relative to the schema folder. */
  file: string;
  table?: string;
  field?: string;
  message: string;
}

export function formatIssue(issue: IImportIssue): string {
  const where = [issue.file, issue.table, issue.field]
    .filter(Boolean)
    .join(' › ');
  return `${where}: ${issue.message}`;
}

/** The schema folder has malformed or inconsistent files; `issues` lists every one of them. */
export class SchemaImportError extends Error {
  constructor(
    readonly directory: string,
    readonly issues: IImportIssue[]
  ) {
    const errors = issues.filter(issue => issue.severity === 'error');
    super(
      `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} in the SNDS schema at ${directory}:\n` +
        errors.map(issue => `  - ${formatIssue(issue)}`).join('\n')
    );
    this.name = 'SchemaImportError';
  }
}

export type NameKind = 'table' | 'column' | 'nomenclature' | 'product';

/** A table, column, nomenclature or product that the dictionary does not know. */
export class UnknownNameError extends Error {
  constructor(
    readonly kind: NameKind,
    readonly unknown: string,
    readonly suggestions: string[],
    context = ''
  ) {
    super(
      `Unknown ${kind} ${unknown}${context}` +
        (suggestions.length > 0
          ? `: did you mean ${suggestions.slice(0, 3).join(', ')}?`
          : `: list them with \`snds-dictionary search\`.`)
    );
    this.name = 'UnknownNameError';
  }
}

/** Two tables that no chain of links joins. */
export class NoJoinPathError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
    detail: string
  ) {
    super(`No join path from ${from} to ${to}: ${detail}`);
    this.name = 'NoJoinPathError';
  }
}

/** A SQL request the builder cannot turn into a correct statement. */
export class SqlBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlBuildError';
  }
}

/** A bundle file that is not one this version of the library reads. */
export class BundleFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleFormatError';
  }
}
