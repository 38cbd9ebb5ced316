/**
 * Pure half of scripts/electronegativity.mjs: reads Electronegativity's CSV report and decides.
 * Any HIGH or CRITICAL finding fails the build unless its check is excluded here with a written reason.
 */

/** Checks not held against the build, each with why. None so far: fix a finding rather than add one. */
export const EXCLUDED_CHECKS = {};

const FAILING = new Set(['HIGH', 'CRITICAL']);

/** CSV records: commas split fields, newlines split records, double quotes group (newlines too), "" inside quotes is a quote. */
function records(csv) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted && c === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      endField();
    } else if ((c === '\n' || c === '\r') && !quoted) {
      if (c === '\r' && csv[i + 1] === '\n') i++;
      endField();
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else {
      field += c;
    }
  }
  endField();
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** The findings of a report: check, severity, confidence, file, location, description. */
export function parseReport(csv) {
  const [, ...rows] = records(csv);
  return rows.map(([check, severity = '', confidence, file, location, , description]) => ({ check, severity: severity.toUpperCase(), confidence, file, location, description }));
}

/** Splits findings into those that fail the build and the rest (lower severity or excluded with a reason). */
export function judge(findings, excluded = EXCLUDED_CHECKS) {
  const failing = findings.filter((f) => FAILING.has(f.severity) && !Object.hasOwn(excluded, f.check));
  return { failing, noted: findings.filter((f) => !failing.includes(f)) };
}

/** Files the scan must have read: an unparsable main or preload bundle would pass silently otherwise. */
export function unparsedRequired(output, requiredDirs) {
  return [...output.matchAll(/Error parsing (\S+)/g)].map((m) => m[1]).filter((file) => requiredDirs.some((dir) => file.startsWith(dir)));
}
