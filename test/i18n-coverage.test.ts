import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exempt, hardCodedWords } from '../tools/i18n-words.js';
import { en } from '../renderer/src/i18n/en/index.js';
import { LANGUAGES } from '../renderer/src/i18n/strings.js';

const ROOT = 'renderer/src';

/**
 * Files whose words are not in the catalogue yet: other work is changing them, and they move over after
 * it is merged. Shorten this list; never lengthen it.
 */
const NOT_YET_COVERED = new Set<string>([
]);

const tsxFiles = (readdirSync(ROOT, { recursive: true }) as string[])
  .map((f) => f.replaceAll('\\', '/'))
  .filter((f) => f.endsWith('.tsx'))
  .sort();

describe('the console takes its words from the catalogue', () => {
  it.each(tsxFiles.filter((f) => !NOT_YET_COVERED.has(f)))('%s has no hard-coded operator words', (file) => {
    const words = hardCodedWords(join(ROOT, file)).map((w) => `${file}:${w.line} ${w.where}: ${JSON.stringify(w.text)}`);
    expect(words, 'move these into renderer/src/i18n/en/ and show them with t()').toEqual([]);
  });

  it('lists only files that exist and still have words to move', () => {
    for (const file of NOT_YET_COVERED) {
      expect(tsxFiles, `${file} is gone: take it off the list`).toContain(file);
      expect(hardCodedWords(join(ROOT, file)).length, `${file} is covered now: take it off the list`).toBeGreaterThan(0);
    }
  });

  it('catches JSX text, word props and confirm() texts, and lets units, symbols and single keys through', () => {
    const source = `export const X = () => <div title="Open the map" aria-label={busy ? 'Saving' : t('x')}>
      Hello there {n} ms <kbd>A</kbd> × · ⚠ {t('ok')} <input placeholder={\`\${n} devices\`} />
      {!window.confirm('Delete it?') && 'Gone'} <img alt="" /> 42 %
    </div>;`;
    expect(hardCodedWords('x.tsx', source).map((w) => w.text)).toEqual(['Open the map', 'Saving', 'Hello there', 'devices', 'Gone', 'Delete it?']);
    for (const token of ['ms', '×', '·', '⚠', 'A', '42 %', '(', 'CSV']) expect(exempt(token)).toBe(true);
  });

  it('has no other language with keys English does not have, nor placeholders English does not fill', () => {
    for (const [code, { strings }] of Object.entries(LANGUAGES)) {
      for (const [key, text] of Object.entries(strings)) {
        expect(Object.keys(en), `${code}: ${key}`).toContain(key);
        const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
        expect(names(text!), `${code}: ${key}`).toEqual(names(en[key as keyof typeof en]));
      }
    }
  });

  it('has no English entry the console no longer shows', () => {
    const sources = (readdirSync(ROOT, { recursive: true }) as string[])
      .filter((f) => /\.tsx?$/.test(f) && !f.replaceAll('\\', '/').startsWith('i18n/'))
      .map((f) => readFileSync(join(ROOT, f), 'utf8'))
      .join('\n');
    // The tab names are looked up as `tab.${view}`.
    const unused = Object.keys(en).filter((k) => !k.startsWith('tab.') && !sources.includes(`'${k}'`));
    expect(unused).toEqual([]);
  });

  it('keeps each catalogue file under the file-size rule', () => {
    const dir = join(ROOT, 'i18n', 'en');
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8').split('\n').length, f).toBeLessThan(400);
  });
});
