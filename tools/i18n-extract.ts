/**
 * Moves the hard-coded operator words of .tsx files into the English catalogue, keeping what the operator
 * sees byte-identical: JSX text becomes {t('feature.key')}, word props (title, aria-label, placeholder,
 * alt, label) and confirm() texts become t('feature.key'), template literals keep their values as
 * {name} placeholders. What it cannot rewrite safely (HTML entities, a local `t`) it lists instead.
 *
 *   npx tsx tools/i18n-extract.ts renderer/src/features/rules/rule-form.tsx …
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { exempt } from './i18n-words.js';

const I18N = resolve('renderer/src/i18n');
const WORD_PROPS = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label']);

interface Edit { start: number; end: number; text: string }

/** The feature a file belongs to names its catalogue file and its keys' prefix. */
function featureOf(file: string): string {
  const m = /features\/([^/]+)\//.exec(file);
  return m ? m[1]! : 'app';
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function camel(words: string[]): string {
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
}

class Catalogue {
  readonly path: string;
  private readonly entries = new Map<string, string>(); // key → value
  private readonly added: Array<[string, string]> = [];
  constructor(readonly feature: string, private readonly taken: Set<string>) {
    this.path = resolve(I18N, 'en', `${feature}.ts`);
    if (existsSync(this.path)) {
      for (const m of readFileSync(this.path, 'utf8').matchAll(/^\s+'([^']+)': '((?:[^'\\]|\\.)*)',$/gm)) {
        this.entries.set(m[1]!, m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)));
      }
    }
  }

  keyFor(value: string): string {
    for (const [k, v] of this.entries) if (v === value && k.startsWith(`${this.feature}.`)) return k;
    const words = value.replace(/\{\w+\}/g, ' ').match(/[\p{L}\d]+/gu) ?? ['text'];
    const base = `${this.feature}.${camel(words.slice(0, 4))}`;
    let key = base;
    for (let n = 2; this.taken.has(key) || this.entries.has(key); n += 1) key = `${base}${n}`;
    this.entries.set(key, value);
    this.taken.add(key);
    this.added.push([key, value]);
    return key;
  }

  save(): void {
    if (this.added.length === 0) return;
    const lines = this.added.map(([k, v]) => `  '${k}': ${quote(v)},\n`).join('');
    if (existsSync(this.path)) {
      const src = readFileSync(this.path, 'utf8');
      const at = src.lastIndexOf('} as const;');
      writeFileSync(this.path, src.slice(0, at) + lines + src.slice(at));
    } else {
      const name = this.feature.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      writeFileSync(this.path, `/** The words of ${this.feature}. */\nexport const ${name} = {\n${lines}} as const;\n`);
      const index = resolve(I18N, 'en', 'index.ts');
      let src = readFileSync(index, 'utf8');
      const lastImport = src.lastIndexOf('\nimport ');
      const eol = src.indexOf('\n', lastImport + 1);
      src = `${src.slice(0, eol + 1)}import { ${name} } from './${this.feature}.js';\n${src.slice(eol + 1)}`;
      src = src.replace(/\n\} as const;/, `\n  ...${name},\n} as const;`);
      writeFileSync(index, src);
    }
    this.added.length = 0;
  }
}

/** What JSX renders for a text node: lines trimmed where they meet a line break, joined by one space. */
function jsxCore(raw: string): { lead: number; trail: number; value: string } {
  const lead = raw.length - raw.trimStart().length;
  const trail = raw.length - raw.trimEnd().length;
  const value = raw.trim().split(/\s*\n\s*/).join(' ');
  return { lead, trail, value };
}

function allKeys(): Set<string> {
  const keys = new Set<string>();
  const index = readFileSync(resolve(I18N, 'en', 'index.ts'), 'utf8');
  for (const m of index.matchAll(/from '\.\/([\w-]+)\.js'/g)) {
    for (const k of readFileSync(resolve(I18N, 'en', `${m[1]}.ts`), 'utf8').matchAll(/^\s+'([^']+)':/gm)) keys.add(k[1]!);
  }
  return keys;
}

function extract(file: string, taken: Set<string>): string[] {
  const source = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const cat = new Catalogue(featureOf(file), taken);
  const edits: Edit[] = [];
  const problems: string[] = [];
  const shadows: Array<{ node: ts.Node; start: number; end: number }> = [];
  const line = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;

  // A literal shown as it is becomes t('key'); a template literal becomes t('key', { name: value }).
  const literal = (node: ts.Expression, wrap: boolean): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (exempt(node.text)) return;
      const call = `t('${cat.keyFor(node.text)}')`;
      edits.push({ start: node.getStart(sf), end: node.getEnd(), text: wrap ? `{${call}}` : call });
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const texts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      if (exempt(texts.join(''))) return;
      const vars: string[] = [];
      let value = node.head.text;
      node.templateSpans.forEach((s, i) => {
        const e = s.expression;
        const named = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : `v${i + 1}`;
        const name = vars.some((v) => v.startsWith(`${named}:`)) ? `${named}${i + 1}` : named;
        vars.push(`${name}: ${e.getText(sf)}`);
        value += `{${name}}${s.literal.text}`;
      });
      const call = `t('${cat.keyFor(value)}', { ${vars.join(', ')} })`;
      edits.push({ start: node.getStart(sf), end: node.getEnd(), text: wrap ? `{${call}}` : call });
      return;
    }
    if (ts.isParenthesizedExpression(node)) { literal(node.expression, false); return; }
    if (ts.isConditionalExpression(node)) { literal(node.whenTrue, false); literal(node.whenFalse, false); return; }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) literal(node.right, false);
      else if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.PlusToken) {
        literal(node.left, false);
        literal(node.right, false);
      }
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      const raw = node.getFullText(sf);
      const { lead, trail, value } = jsxCore(raw);
      if (value && !exempt(value)) {
        if (/&\w+;|&#/.test(value)) problems.push(`${file}:${line(node)} HTML entity in ${JSON.stringify(value)}`);
        else edits.push({ start: node.getFullStart() + lead, end: node.getEnd() - trail, text: `{t('${cat.keyFor(value)}')}` });
      }
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      literal(node.expression, false);
    } else if (ts.isJsxAttribute(node) && WORD_PROPS.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) literal(init, true);
      else if (ts.isJsxExpression(init) && init.expression) literal(init.expression, false);
    } else if (ts.isCallExpression(node) && /^(window\.)?(confirm|alert|prompt)$/.test(node.expression.getText(sf)) && node.arguments[0]) {
      literal(node.arguments[0], false);
    } else if ((ts.isParameter(node) || ts.isVariableDeclaration(node)) && ts.isIdentifier(node.name) && node.name.text === 't') {
      // A local `t` hides the translator only where a word would be looked up inside its scope.
      let scope: ts.Node = node.parent;
      while (ts.isParameter(node) ? !ts.isFunctionLike(scope) : !(ts.isBlock(scope) || ts.isSourceFile(scope))) scope = scope.parent;
      shadows.push({ node, start: scope.getStart(sf), end: scope.getEnd() });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const s of shadows) {
    if (edits.some((e) => e.start >= s.start && e.end <= s.end)) problems.push(`${file}:${line(s.node)} declares its own \`t\` where words are: rename it first`);
  }
  if (problems.some((p) => p.includes('declares its own'))) return problems;
  if (edits.length === 0) return problems;

  let out = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  if (!/import \{[^}]*\bt\b[^}]*\} from '[./]+i18n\/strings\.js';/.test(out)) {
    let rel = relative(dirname(resolve(file)), resolve(I18N, 'strings.js'));
    if (!rel.startsWith('.')) rel = `./${rel}`;
    const imports = [...out.matchAll(/^import [^;]+;$/gm)];
    const last = imports[imports.length - 1];
    const at = last ? last.index + last[0].length + 1 : 0;
    out = `${out.slice(0, at)}import { t } from '${rel}';\n${out.slice(at)}`;
  }
  writeFileSync(file, out);
  cat.save();
  return problems;
}

const taken = allKeys();
for (const file of process.argv.slice(2)) for (const p of extract(file, taken)) console.log(p);
