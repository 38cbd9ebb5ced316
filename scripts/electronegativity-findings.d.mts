export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  description: string;
}
export const EXCLUDED_CHECKS: Record<string, string>;
export function parseReport(csv: string): Finding[];
export function judge(findings: Finding[], excluded?: Record<string, string>): { failing: Finding[]; noted: Finding[] };
export function unparsedRequired(output: string, requiredDirs: string[]): string[];
