import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { errorCodes, kindsOf, type ErrorCode, type ErrorKind } from '../src-shared/error-codes';
import { httpStatusOf, notFound, type AppError } from '../src-main/core/errors';
import { fhirFailure, type IssueCode } from '../src-main/fhir/outcome';
import { Hl7ParseError, Hl7ParseErrorCode, Hl7PathError, Hl7PathErrorCode } from '../src-main/hl7';
import { fromHl7Error } from '../src-main/messages/hl7-failure';

/**
 * The error-code table as code: every code the engine builds (an AppError, a code-building helper, an
 * envelope a transport answers itself) is in src-shared/error-codes.ts with the kind it is built with,
 * and every engine code in the table is built somewhere. Sources are read as TypeScript syntax.
 */
const root = resolve(import.meta.dirname, '..');
const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourcesUnder(full) : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });

/** Where a code is built: the kinds it may carry (one unless chosen at run time) or the status a transport answers. */
interface Built {
  code: string;
  where: string;
  kinds?: readonly string[];
  status?: number;
}

/** Files whose AppError takes its code from a value only the running code knows; each is covered below by calling it. */
const BUILDERS: Record<string, string> = {
  'src-main/core/errors.ts': 'notFound(entity) builds INTEROP_<ENTITY>_NOT_FOUND: its calls are read',
  'src-main/fhir/outcome.ts': 'fhirFailure(kind, issue) builds FHIR_<ISSUE>: its calls are read',
  'src-main/messages/hl7-failure.ts': 'the codec codes: every one is converted',
};

const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const stringOf = (node: ts.Node | undefined): string | undefined => (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined);
const propertyOf = (object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined => {
  for (const p of object.properties) if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
  return undefined;
};

/** The string constants of a file: `const X = 'A'` and the members of `const O = { m: 'A' }`, by `X` and `O.m`. */
function constantsOf(file: ts.SourceFile): Map<string, string[]> {
  const constants = new Map<string, string[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer;
      const value = stringOf(init);
      if (value !== undefined) constants.set(node.name.text, [value]);
      if (ts.isObjectLiteralExpression(init)) {
        const members = init.properties.flatMap((p) => (ts.isPropertyAssignment(p) && stringOf(p.initializer) !== undefined ? [[p.name.getText(), stringOf(p.initializer) as string] as const] : []));
        for (const [m, v] of members) constants.set(`${node.name.text}.${m}`, [v]);
        constants.set(node.name.text, members.map(([, v]) => v));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return constants;
}

/** The codes an expression may hold: a literal, a constant, or a parameter typed by constants (`typeof X | typeof Y`, `SomeCodes`). */
function codesOf(expr: ts.Expression, constants: Map<string, string[]>): string[] | undefined {
  const literal = stringOf(expr);
  if (literal !== undefined) return [literal];
  if (ts.isPropertyAccessExpression(expr)) return constants.get(expr.getText());
  if (!ts.isIdentifier(expr)) return undefined;
  for (let scope: ts.Node | undefined = expr.parent; scope; scope = scope.parent) {
    if (!ts.isFunctionLike(scope)) continue;
    const param = scope.parameters.find((p) => p.name.getText() === expr.text);
    if (!param?.type) continue;
    const types = ts.isUnionTypeNode(param.type) ? param.type.types : [param.type];
    const names = types.map((t) => (ts.isTypeQueryNode(t) ? t.exprName.getText() : ts.isTypeReferenceNode(t) ? t.typeName.getText() : undefined));
    if (names.some((n) => n === undefined || !constants.has(n))) return undefined;
    return names.flatMap((n) => constants.get(n as string) as string[]);
  }
  return constants.get(expr.text);
}

/** `'a'` → ['a']; `x ? 'a' : 'b'` → ['a', 'b']; anything else is only known at run time. */
function kindsIn(expr: ts.Expression): string[] | undefined {
  const literal = stringOf(expr);
  if (literal !== undefined) return [literal];
  if (ts.isConditionalExpression(expr)) {
    const [a, b] = [kindsIn(expr.whenTrue), kindsIn(expr.whenFalse)];
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

function scanEngine(): { built: Built[]; unresolved: string[] } {
  const built: Built[] = [];
  const unresolved: string[] = [];
  for (const path of sourcesUnder(join(root, 'src-main'))) {
    const name = relative(root, path);
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const constants = constantsOf(file);
    const where = (node: ts.Node): string => `${name}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText() === 'AppError' && node.arguments && node.arguments.length >= 2) {
        const [kind, code] = node.arguments as unknown as [ts.Expression, ts.Expression];
        const codes = codesOf(code, constants);
        if (codes) for (const c of codes) built.push({ code: c, where: where(node), ...(kindsIn(kind) ? { kinds: kindsIn(kind) } : {}) });
        else if (!(name in BUILDERS)) unresolved.push(`${where(node)}: new AppError(${kind.getText()}, ${code.getText()}, …)`);
      }
      if (ts.isCallExpression(node) && node.arguments.length >= 2) {
        const callee = node.expression.getText();
        const [first, second] = node.arguments as unknown as [ts.Expression, ts.Expression];
        if (callee === 'notFound' && stringOf(first) !== undefined) {
          const error = notFound(stringOf(first) as string, 'x');
          built.push({ code: error.code, where: where(node), kinds: [error.kind] });
        }
        if (callee === 'fhirFailure' && kindsIn(first) && stringOf(second) !== undefined) {
          for (const kind of kindsIn(first) as ErrorKind[]) built.push({ code: fhirFailure(kind, stringOf(second) as IssueCode, '').code, where: where(node), kinds: [kind] });
        }
      }
      if (ts.isObjectLiteralExpression(node)) {
        const code = stringOf(propertyOf(node, 'code'));
        if (code !== undefined && CODE.test(code)) {
          // An error the code builds as data: `{ kind, code }` for a caller's own answer, `{ status, code }` or
          // `{ status, error: { code } }` or `sendError(reply, status, { code })` for an envelope a transport answers.
          const parent = ts.isPropertyAssignment(node.parent) && ts.isObjectLiteralExpression(node.parent.parent) ? node.parent.parent : undefined;
          const call = ts.isCallExpression(node.parent) ? node.parent : undefined;
          const kind = stringOf(propertyOf(node, 'kind')) ?? (parent && stringOf(propertyOf(parent, 'kind')));
          const statusNode = propertyOf(node, 'status') ?? (parent && propertyOf(parent, 'status')) ?? call?.arguments.find(ts.isNumericLiteral);
          const status = statusNode && ts.isNumericLiteral(statusNode) ? Number(statusNode.text) : undefined;
          if (kind !== undefined) built.push({ code, where: where(node), kinds: [kind] });
          else if (status !== undefined) built.push({ code, where: where(node), status });
          else if (call?.expression.getText() === 'sendError') built.push({ code, where: where(node) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  for (const code of [...Object.values(Hl7ParseErrorCode), ...Object.values(Hl7PathErrorCode)]) {
    const codec = Object.values(Hl7ParseErrorCode).includes(code as Hl7ParseErrorCode) ? new Hl7ParseError(code as Hl7ParseErrorCode, '') : new Hl7PathError(code as Hl7PathErrorCode, '', 'PID-3');
    const error = fromHl7Error(codec) as AppError;
    built.push({ code: error.code, where: 'src-main/messages/hl7-failure.ts (fromHl7Error)', kinds: [error.kind] });
  }
  return { built, unresolved };
}

const { built, unresolved } = scanEngine();
const table = errorCodes as Record<string, { kind: ErrorKind | readonly ErrorKind[]; status?: number; client?: true }>;
const clientSources = [...sourcesUnder(join(root, 'src-renderer/src')), ...sourcesUnder(join(root, 'src-preload'))].map((file) => ({ name: relative(root, file), text: readFileSync(file, 'utf8') }));

describe('the error-code table (src-shared/error-codes.ts)', () => {
  it('knows which code every AppError in the engine carries', () => {
    expect(unresolved).toEqual([]);
  });

  it('lists every code the engine builds', () => {
    const missing = built.filter((b) => !(b.code in table) || table[b.code]?.client).map((b) => `${b.code} (${b.where})`);
    expect(missing).toEqual([]);
  });

  it('lists no engine code that nothing builds, and no client code the console and preload never use', () => {
    const builtCodes = new Set(built.map((b) => b.code));
    const engineUnused = Object.keys(table).filter((code) => !table[code]?.client && !builtCodes.has(code));
    const clientUnused = Object.keys(table).filter((code) => table[code]?.client && !clientSources.some((s) => s.text.includes(`ErrorCode.${code}`)));
    expect({ engineUnused, clientUnused }).toEqual({ engineUnused: [], clientUnused: [] });
  });

  it('gives each code the kind it is built with, and each envelope a transport answers itself the status it answers', () => {
    const wrong = built.flatMap((b) => {
      const entry = table[b.code];
      if (!entry) return [];
      const kinds = kindsOf(b.code as ErrorCode);
      if (b.kinds && b.kinds.length === 1 && !kinds.includes(b.kinds[0] as ErrorKind)) return [`${b.code} is built as ${b.kinds[0]} (${b.where}); the table says ${kinds.join(', ')}`];
      if (b.kinds && !b.kinds.some((k) => kinds.includes(k as ErrorKind))) return [`${b.code} is built as ${b.kinds.join(' or ')} (${b.where}); the table says ${kinds.join(', ')}`];
      const status = entry.status ?? httpStatusOf(kinds[0] as ErrorKind);
      if (b.status !== undefined && b.status !== status) return [`${b.code} is answered ${b.status} (${b.where}); the table says ${status}`];
      return [];
    });
    expect(wrong).toEqual([]);
  });

  it('is where the console and the preload take the codes they use, never a code written out', () => {
    const written = clientSources.flatMap((s) => [...s.text.matchAll(/['"`]((?:INTEROP|FHIR|HL7|MLLP|STORE|FETCH)_[A-Z0-9_]+)['"`]/g)].map((m) => `${s.name}: ${m[1]}`));
    expect(written).toEqual([]);
  });
});
