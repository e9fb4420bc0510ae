// The `snds_lab` translation domain, shared by our extensions: msgids found in their sources
// and in the titles and descriptions of their settings schemas, the French catalogue (a .po
// file, edited by hand) and the JSON form that JupyterLab and JupyterLite serve
// (jupyterlab_server's `jupyterlab.locale` entry point).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import ts from 'typescript';

const ROOT = new URL('../../../', import.meta.url).pathname;

export const DOMAIN = 'snds_lab';
export const SOURCES = [
  'extensions/dictionary/src',
  'extensions/kernel/src',
  'extensions/tutorials/src'
];
/** Settings schemas: their texts are translated in the browser (src/schema_translation.ts). */
export const SCHEMAS = [
  'extensions/dictionary/schema',
  'extensions/kernel/schema',
  'extensions/tutorials/schema'
];
export const LOCALES = {
  fr_FR: { pluralForms: 'nplurals=2; plural=(n > 1);' }
};

export function catalogueDir(locale) {
  return join(ROOT, 'extensions/snds-lab/snds/locale', locale, 'LC_MESSAGES');
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* sourceFiles(path);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** `trans.__`, `__`, `trans._n`, `trans._p`: the gettext calls and where their msgids sit. */
const CALLS = new Map(
  Object.entries({
    __: ['msgid'],
    _n: ['msgid', 'plural'],
    _p: ['context', 'msgid']
  })
);

function literal(node) {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
    ? node.text
    : undefined;
}

/** Adds a message, or the place of one already found. */
function addMessage(messages, parts, where) {
  const key = messageKey(parts);
  const known = messages.get(key) ?? { ...parts, where: [] };
  known.where.push(where);
  messages.set(key, known);
}

/**
 * The `title` and `description` of a schema and of its properties, as translateSchema() in
 * src/schema_translation.ts translates them. A schema with texts must ask the registry to wait
 * for that transform (`jupyter.lab.transform`), or they would show in English.
 */
function extractSchemaMessages(dirs, messages, errors) {
  for (const dir of dirs) {
    for (const entry of readdirSync(join(ROOT, dir)).sort()) {
      if (!entry.endsWith('.json')) {
        continue;
      }
      const file = join(ROOT, dir, entry);
      const text = readFileSync(file, 'utf-8');
      const path = relative(ROOT, file);
      const schema = JSON.parse(text);
      let found = 0;
      const visit = node => {
        for (const field of ['title', 'description']) {
          if (typeof node[field] === 'string') {
            // The line of the text as the file spells it, for the .po's source places.
            const at = text.indexOf(
              `"${field}": ${JSON.stringify(node[field])}`
            );
            const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
            // `%` doubled, as translateSchema() looks the text up.
            const msgid = node[field].replace(/%/g, '%%');
            addMessage(messages, { msgid }, `${path}:${line}`);
            found++;
          }
        }
        for (const property of Object.values(node.properties ?? {})) {
          visit(property);
        }
      };
      visit(schema);
      if (found > 0 && schema['jupyter.lab.transform'] !== true) {
        errors.push(
          `${path}: add "jupyter.lab.transform": true, or its texts stay in English (see src/schema_translation.ts)`
        );
      }
    }
  }
}

/**
 * Every message of the sources and schemas: `{ msgid, plural?, context?, where[] }`. A gettext
 * call whose msgid is not a literal is an error, since no catalogue could hold it.
 */
export function extractMessages(sources = SOURCES, schemas = SCHEMAS) {
  const messages = new Map();
  const errors = [];
  for (const dir of sources) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf-8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
      const visit = node => {
        if (ts.isCallExpression(node)) {
          const callee = node.expression;
          const name = ts.isIdentifier(callee)
            ? callee.text
            : ts.isPropertyAccessExpression(callee)
              ? callee.name.text
              : undefined;
          const roles = name && CALLS.get(name);
          if (roles) {
            const where = `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
            const parts = {};
            roles.forEach((role, i) => {
              parts[role] = node.arguments[i] && literal(node.arguments[i]);
            });
            if (roles.some(role => parts[role] === undefined)) {
              errors.push(`${where}: ${name}() needs literal strings`);
            } else {
              addMessage(messages, parts, where);
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  extractSchemaMessages(schemas, messages, errors);
  return { messages, errors };
}

/** The key of a message in the JSON catalogue (gettext's context separator is U+0004). */
export function messageKey({ msgid, context }) {
  return context ? `${context}\u0004${msgid}` : msgid;
}

function unquote(line, where) {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(line.trim());
  if (!match) {
    throw new Error(`${where}: expected a quoted string, got ${line}`);
  }
  return match[1].replace(/\\(.)/g, (_, c) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c
  );
}

function quote(text) {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** Parses a .po file: its header and entries `{ msgid, plural?, context?, msgstr[] }`. */
export function parsePo(text, name = 'catalogue.po') {
  const entries = [];
  let entry = null;
  let field = null;
  const flush = () => {
    if (entry && entry.msgid !== undefined) {
      entries.push(entry);
    }
    entry = null;
    field = null;
  };
  text.split('\n').forEach((raw, i) => {
    const where = `${name}:${i + 1}`;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      if (line === '' && entry?.msgstr.length) {
        flush();
      }
      return;
    }
    const match =
      /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$/.exec(line);
    if (match) {
      const [, keyword, index, value] = match;
      if (
        keyword === 'msgctxt' ||
        (keyword === 'msgid' && entry?.msgstr.length)
      ) {
        flush();
      }
      entry ??= { msgstr: [] };
      const str = unquote(value, where);
      if (keyword === 'msgctxt') {
        field = ['context'];
        entry.context = str;
      } else if (keyword === 'msgid') {
        field = ['msgid'];
        entry.msgid = str;
      } else if (keyword === 'msgid_plural') {
        field = ['plural'];
        entry.plural = str;
      } else {
        const n = Number(index ?? 0);
        entry.msgstr[n] = str;
        field = ['msgstr', n];
      }
    } else if (line.startsWith('"') && field) {
      const str = unquote(line, where);
      if (field[0] === 'msgstr') {
        entry.msgstr[field[1]] += str;
      } else {
        entry[field[0]] += str;
      }
    } else {
      throw new Error(`${where}: cannot read ${raw}`);
    }
  });
  flush();
  const header = entries.find(e => e.msgid === '' && !e.context);
  return { header, entries: entries.filter(e => e !== header) };
}

/** The JSON catalogue JupyterLab's translator loads for one domain, formatted as lint wants. */
export async function catalogueJson(po, locale, version) {
  const json = {
    // The header as jupyterlab_server serves it: `plural_forms`, language "fr-FR".
    '': {
      domain: DOMAIN,
      language: locale.replace('_', '-'),
      plural_forms: LOCALES[locale].pluralForms,
      version
    }
  };
  const sorted = [...po.entries].sort((a, b) =>
    messageKey(a) < messageKey(b) ? -1 : 1
  );
  for (const entry of sorted) {
    if (entry.msgstr.some(s => s)) {
      json[messageKey(entry)] = entry.msgstr;
    }
  }
  const path = join(catalogueDir(locale), `${DOMAIN}.json`);
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(JSON.stringify(json), { ...options, filepath: path });
}

/** Writes a .po file from the header text and entries, with the source places as comments. */
export function formatPo(headerText, entries) {
  const out = [headerText.trimEnd(), ''];
  for (const entry of entries) {
    for (const where of entry.where ?? []) {
      out.push(`#: ${where}`);
    }
    if (entry.context) {
      out.push(`msgctxt ${quote(entry.context)}`);
    }
    out.push(`msgid ${quote(entry.msgid)}`);
    if (entry.plural !== undefined) {
      out.push(`msgid_plural ${quote(entry.plural)}`);
      const forms = entry.msgstr.length ? entry.msgstr : ['', ''];
      forms.forEach((s, i) => out.push(`msgstr[${i}] ${quote(s ?? '')}`));
    } else {
      out.push(`msgstr ${quote(entry.msgstr[0] ?? '')}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * Compares the sources with a locale's catalogue: msgids with no translation, entries no source
 * uses any more, and whether the JSON form is up to date.
 */
export async function checkLocale(locale, version) {
  const { messages, errors } = extractMessages();
  const dir = catalogueDir(locale);
  const poText = readFileSync(join(dir, `${DOMAIN}.po`), 'utf-8');
  const po = parsePo(poText, `${locale}/${DOMAIN}.po`);
  const byKey = new Map(po.entries.map(e => [messageKey(e), e]));
  const missing = [];
  for (const [key, message] of messages) {
    const entry = byKey.get(key);
    const forms = message.plural !== undefined ? 2 : 1;
    if (
      !entry ||
      entry.msgstr.length < forms ||
      entry.msgstr.slice(0, forms).some(s => !s)
    ) {
      missing.push(message);
    }
  }
  const obsolete = po.entries.filter(e => !messages.has(messageKey(e)));
  let json = null;
  try {
    json = readFileSync(join(dir, `${DOMAIN}.json`), 'utf-8');
  } catch {
    // Reported as stale below.
  }
  const expected = await catalogueJson(po, locale, version);
  return {
    messages,
    errors,
    po,
    poText,
    missing,
    obsolete,
    jsonStale: json !== expected,
    expectedJson: expected
  };
}

export function packageVersion() {
  return JSON.parse(
    readFileSync(join(ROOT, 'extensions/dictionary/package.json'), 'utf-8')
  ).version;
}
