import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** A word the console shows an operator without going through the catalogue. */
export interface HardCoded { line: number; text: string; where: string }

/** The attributes an operator reads (or hears, through a screen reader). */
const WORD_PROPS = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label']);

/**
 * Text that needs no translation: units, symbols, numbers, single keyboard keys and the product's name.
 * Anything else with a letter in it is a word.
 */
const EXEMPT = [
  /^[^\p{L}]*$/u, // no letter at all: ×, ·, ⚠, →, %, numbers, punctuation
  /^[^\p{L}]*\p{L}[^\p{L}]*$/u, // one letter: a keyboard key (A, S, F) or an axis name
  /^[^\p{L}]*(ms|s|min|h|px|dB|°C|kB|MB|GB|TB|ppm|ppb|µg\/m³|mm|m|Hz|fps|x|WATCHDESK|DEMO|ID|OK|UTC|PTZ|ONVIF|HALO|RTSP|MJPEG|HTTP|HTTPS|TCP|URL|CSV|PDF|JSON|AQI|CO₂)[^\p{L}]*$/u,
];

export function exempt(text: string): boolean {
  return EXEMPT.some((r) => r.test(text.trim()));
}

/** A string literal reaches the screen as it is: a JSX child, or a branch of a ?: / && / ?? that is one. */
function shownLiterals(expr: ts.Expression, out: ts.Node[]): void {
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) { out.push(expr); return; }
  if (ts.isTemplateExpression(expr)) {
    out.push(expr.head, ...expr.templateSpans.map((s) => s.literal));
    for (const s of expr.templateSpans) shownLiterals(s.expression, out);
    return;
  }
  if (ts.isParenthesizedExpression(expr)) { shownLiterals(expr.expression, out); return; }
  if (ts.isConditionalExpression(expr)) { shownLiterals(expr.whenTrue, out); shownLiterals(expr.whenFalse, out); return; }
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      shownLiterals(expr.right, out);
      if (op !== ts.SyntaxKind.AmpersandAmpersandToken) shownLiterals(expr.left, out);
    } else if (op === ts.SyntaxKind.PlusToken) {
      shownLiterals(expr.left, out);
      shownLiterals(expr.right, out);
    }
  }
}

function literalText(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return node.getText();
}

/** Every hard-coded operator word in one .tsx file: JSX text, word props, confirm() and alert() texts. */
export function hardCodedWords(file: string, source = readFileSync(file, 'utf8')): HardCoded[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: HardCoded[] = [];
  const report = (node: ts.Node, text: string, where: string): void => {
    if (exempt(text)) return;
    found.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: text.trim(), where });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text, 'JSX text');
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const lits: ts.Node[] = [];
      shownLiterals(node.expression, lits);
      for (const l of lits) report(l, literalText(l), 'JSX text');
    } else if (ts.isJsxAttribute(node) && WORD_PROPS.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      const lits: ts.Node[] = [];
      if (ts.isStringLiteral(init)) lits.push(init);
      else if (ts.isJsxExpression(init) && init.expression) shownLiterals(init.expression, lits);
      for (const l of lits) report(l, literalText(l), node.name.getText(sf));
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(sf);
      if (/^(window\.)?(confirm|alert|prompt)$/.test(callee) && node.arguments[0]) {
        const lits: ts.Node[] = [];
        shownLiterals(node.arguments[0], lits);
        for (const l of lits) report(l, literalText(l), `${callee}()`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
