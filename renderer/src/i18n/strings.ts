import { en } from './en/index.js';
import { fr } from './fr.js';

/**
 * The console's words, in one catalogue per language, so a translation is one new file.
 * English is complete; a key missing from another language falls back to English.
 */
export type StringKey = keyof typeof en;
export type Catalogue = Partial<Record<StringKey, string>>;

export const LANGUAGES: Readonly<Record<string, { name: string; strings: Catalogue }>> = {
  en: { name: 'English', strings: en },
  fr: { name: 'Français', strings: fr },
};

let current: Catalogue = en;

export function setLanguage(code: string): void {
  current = LANGUAGES[code]?.strings ?? en;
}

/** The operator's words for a key, with {name} placeholders filled in. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const text = current[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
