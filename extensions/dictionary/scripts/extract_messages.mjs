// Checks (default) or updates (--write) the translation catalogues of the `snds_lab` domain.
//   node extensions/dictionary/scripts/extract_messages.mjs [--write]
// --write adds new msgids to each .po with an empty msgstr, drops the ones no source uses,
// refreshes the source places, and regenerates the JSON form. The check fails when a msgid of
// the sources has no translation, an entry is obsolete, or the JSON is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DOMAIN,
  LOCALES,
  catalogueDir,
  catalogueJson,
  checkLocale,
  formatPo,
  messageKey,
  packageVersion,
  parsePo
} from './messages.mjs';

const write = process.argv.includes('--write');
const version = packageVersion();
let failed = false;
for (const locale of Object.keys(LOCALES)) {
  const result = await checkLocale(locale, version);
  for (const error of result.errors) {
    process.stderr.write(`${error}\n`);
    failed = true;
  }
  if (write) {
    const old = new Map(result.po.entries.map(e => [messageKey(e), e]));
    const entries = [...result.messages.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, message]) => ({
        ...message,
        msgstr: old.get(key)?.msgstr ?? []
      }));
    const header = result.poText.split(/\n\s*\n/)[0];
    const dir = catalogueDir(locale);
    const poText = formatPo(header, entries);
    writeFileSync(join(dir, `${DOMAIN}.po`), poText);
    writeFileSync(
      join(dir, `${DOMAIN}.json`),
      await catalogueJson(parsePo(poText), locale, version)
    );
    const again = await checkLocale(locale, version);
    process.stdout.write(
      `${locale}: ${again.messages.size} messages, ${again.missing.length} to translate\n`
    );
    failed ||= again.missing.length > 0;
    continue;
  }
  for (const message of result.missing) {
    process.stderr.write(
      `${locale}: no translation for "${message.msgid}" (${message.where[0]}): add it to ${DOMAIN}.po\n`
    );
  }
  for (const entry of result.obsolete) {
    process.stderr.write(
      `${locale}: "${entry.msgid}" is in ${DOMAIN}.po but in no source: run this script with --write\n`
    );
  }
  if (result.jsonStale) {
    process.stderr.write(
      `${locale}: ${DOMAIN}.json is out of date: run this script with --write\n`
    );
  }
  failed ||=
    result.missing.length > 0 || result.obsolete.length > 0 || result.jsonStale;
  if (!failed) {
    process.stdout.write(
      `${locale}: all ${result.messages.size} messages translated\n`
    );
  }
}
process.exitCode = failed ? 1 : 0;
