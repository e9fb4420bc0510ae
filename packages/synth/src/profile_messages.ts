/** Messages of profiles.ts: one line per problem, naming the file, the field and the fix. */
import { z } from 'zod';

export type Path = (string | number)[];

/** `a.b[2].c`, with `["x y"]` for keys that are not identifiers. */
export function formatPath(path: Path): string {
  return path
    .map((key, k) =>
      typeof key === 'number'
        ? `[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${k ? '.' : ''}${key}`
          : `[${JSON.stringify(key)}]`
    )
    .join('');
}

/** A value as JSON, cut to a short line. */
function show(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

const valueAt = (data: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (v, key) =>
      v !== null && typeof v === 'object'
        ? (v as Record<string, unknown>)[key]
        : undefined,
    data
  );

/** The schemas a value at `path` meets, outermost first (wrappers included). */
function schemasAt(schema: z.ZodTypeAny, path: Path): z.ZodTypeAny[] {
  let s: z.ZodTypeAny | undefined = schema;
  for (const key of path) {
    const inner: z.ZodTypeAny = schemasAt(s, []).pop()!;
    s =
      inner instanceof z.ZodObject
        ? inner.shape[key]
        : inner instanceof z.ZodArray
          ? inner.element
          : inner instanceof z.ZodTuple
            ? inner.items[key as number]
            : inner instanceof z.ZodRecord
              ? inner.valueSchema
              : undefined;
    if (!s) {
      return [];
    }
  }
  const chain = [s];
  for (;;) {
    const last = chain[chain.length - 1];
    if (last instanceof z.ZodEffects) {
      chain.push(last.innerType());
    } else if (last instanceof z.ZodOptional) {
      chain.push(last.unwrap());
    } else if (last instanceof z.ZodDefault) {
      chain.push(last.removeDefault());
    } else {
      return chain;
    }
  }
}

/** The nearest key to a probable typo (at most 2 edits), as ` (did you mean "x"?)`. */
export function didYouMean(key: string, known: string[]): string {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) {
        next[j] = Math.min(
          row[j] + 1,
          next[j - 1] + 1,
          row[j - 1] +
            (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1)
        );
      }
      row = next;
    }
    return row[b.length];
  };
  const best = known
    .map(k => ({ k, d: distance(key, k) }))
    .sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.min(2, Math.floor(key.length / 3))
    ? ` (did you mean "${best.k}"?)`
    : '';
}

/** One line per problem: the file, the field, what is wrong and what it must be. */
export function describeIssue(
  file: string,
  issue: z.ZodIssue,
  data: unknown,
  schema: z.ZodTypeAny,
  /** The key of the bands list a per-band series follows, if the schema is one. */
  bandsKeyOf: (schema: z.ZodTypeAny) => string | undefined
): string[] {
  const where = formatPath(issue.path);
  const subject = where ? `${file}: ${where}` : file;
  const value = valueAt(data, issue.path);
  const chain = schemasAt(schema, issue.path);
  const description = chain.find(s => s.description)?.description;
  if (issue.code === 'unrecognized_keys') {
    const inner = chain[chain.length - 1];
    const known = inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
    return issue.keys.map(
      key =>
        `${subject} has an unknown key "${key}"${didYouMean(key, known)}: remove it`
    );
  }
  if (issue.code === 'custom') {
    // A "must …" message is about the value itself: show it.
    const not = issue.message.startsWith('must') ? `, not ${show(value)}` : '';
    return [`${subject} ${issue.message}${not}`];
  }
  if (
    value === undefined &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_union')
  ) {
    const bandsKey = chain.map(bandsKeyOf).find(Boolean);
    const bandsList = bandsKey && valueAt(data, [bandsKey]);
    const n = Array.isArray(bandsList) ? `: ${bandsList.length}` : '';
    return [
      `${subject} is missing${description ? ` (${description}${n})` : ''}`
    ];
  }
  if (
    Array.isArray(value) &&
    (issue.code === 'too_small' || issue.code === 'too_big')
  ) {
    const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
    const how = issue.exact
      ? 'exactly'
      : issue.code === 'too_small'
        ? 'at least'
        : 'at most';
    return [
      `${subject} has ${value.length} value${value.length === 1 ? '' : 's'} but must have ${how} ${bound}${description ? ` (${description})` : ''}`
    ];
  }
  return [
    `${subject} must be ${description ?? expected(issue)}, not ${show(value)}`
  ];
}

/** What a value must be, from the issue alone (fields with no description). */
function expected(issue: z.ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return (
        {
          integer: 'a whole number',
          number: 'a number',
          string: 'a text',
          array: 'a list [ … ]',
          object: 'an object { … }',
          boolean: 'true or false'
        }[issue.expected as string] ?? issue.expected
      );
    case 'too_small':
      return `${issue.inclusive ? 'at least' : 'above'} ${issue.minimum}`;
    case 'too_big':
      return `${issue.inclusive ? 'at most' : 'below'} ${issue.maximum}`;
    default:
      return issue.message;
  }
}
