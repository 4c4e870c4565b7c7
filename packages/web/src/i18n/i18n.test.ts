import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatMessage } from './format.ts';
import { catalogues, pickLocale } from './index.ts';

test('placeholders and plurals, in English and Norwegian', () => {
  assert.equal(formatMessage('Hi {name}', { name: 'Kari' }), 'Hi Kari');
  const members = '{count, plural, one {# member} other {# members}}';
  assert.equal(formatMessage(members, { count: 1 }, 'en'), '1 member');
  assert.equal(formatMessage(members, { count: 1200 }, 'en'), '1,200 members');
  assert.equal(formatMessage('{count, plural, =0 {ingen} one {# medlem} other {# medlemmer}}', { count: 0 }, 'nb'), 'ingen');
  assert.equal(formatMessage('{count, plural, one {# medlem} other {# medlemmer}}', { count: 2 }, 'nb'), '2 medlemmer');
  assert.equal(formatMessage('missing {x}', {}), 'missing {x}');
});

test('Norwegian has every English string, and none is left empty or untranslated by accident', () => {
  const en = catalogues.en as Record<string, string>;
  const nb = catalogues.nb as Record<string, string>;
  assert.deepEqual(Object.keys(nb).sort(), Object.keys(en).sort());
  for (const [key, value] of Object.entries(nb)) assert.ok(value.trim() !== '' || en[key] === '', `nb ${key} is empty`);
  // Same placeholders on both sides, so no value silently disappears in one language.
  const names = (s: string) => [...s.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(en)) assert.deepEqual(names(nb[key]!), names(en[key]!), `placeholders of ${key}`);
});

test('the language comes from the user locale or the browser; Norwegian in any form means Bokmål', () => {
  assert.equal(pickLocale(['nb']), 'nb');
  assert.equal(pickLocale([undefined, 'nn-NO', 'en']), 'nb');
  assert.equal(pickLocale(['no']), 'nb');
  assert.equal(pickLocale(['de-DE', 'en-GB']), 'en');
  assert.equal(pickLocale(['fr']), 'en');
});

test('no UI text is written straight into a component: every string goes through the catalogues', () => {
  const root = new URL('..', import.meta.url).pathname;
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.tsx') && !name.endsWith('.test.tsx')) {
        const source = readFileSync(path, 'utf8');
        // JSX text: a letter after a tag's closing '>' (which follows a name, quote, brace or slash — a comparison
        // has a space before it), up to the next tag or brace.
        for (const m of source.matchAll(/(?<=[\w"'}/])>\s*([A-Za-zÆØÅæøå][^<>{}\n]*?)\s*(?=<|\{)/g)) {
          const text = m[1]!;
          if (/^[\w.]+\s*=>/.test(text) || /^(typeof|const|let|return)\b/.test(text)) continue;
          offenders.push(`${path.slice(root.length)}: "${text}"`);
        }
      }
    }
  };
  walk(root);
  assert.deepEqual(offenders, []);
});
