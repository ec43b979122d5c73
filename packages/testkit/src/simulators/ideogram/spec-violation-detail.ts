import type { SpecViolation } from '../../specs/index.js';

const requiredPattern = /^must have required property '(.+)'$/;
const oneOfEcho = 'must match exactly one schema in oneOf';

/**
 * One line naming every field that breaks the spec, e.g.
 * `'num_images' must be <= 8; 'prompt' is a required property`.
 *
 * Violations are grouped by top-level field; inside a group only the deepest ones are kept, so a
 * `oneOf` (the colour palette) reports the member that failed instead of every branch.
 */
export function specViolationDetail(violations: readonly SpecViolation[]): string {
  const groups = new Map<string, { readonly field: string; readonly message: string }[]>();
  for (const violation of violations) {
    const required = violation.path === '' ? requiredPattern.exec(violation.message) : null;
    const field = required?.[1] ?? fieldName(violation.path);
    const message = required === null ? violation.message : 'is a required property';
    const top = field.split(/[.[]/, 1)[0] ?? field;
    groups.set(top, [...(groups.get(top) ?? []), { field, message }]);
  }
  const parts: string[] = [];
  for (const group of groups.values()) {
    const meaningful = group.filter(entry => entry.message !== oneOfEcho);
    const candidates = meaningful.length > 0 ? meaningful : group;
    const deepest = Math.max(...candidates.map(entry => depth(entry.field)));
    for (const entry of candidates) {
      const text = `'${entry.field}' ${entry.message}`;
      if (depth(entry.field) === deepest && !parts.includes(text)) parts.push(text);
    }
  }
  return parts.length > 0 ? parts.join('; ') : 'The request body does not match the spec.';
}

/** `/color_palette/members/0/color_hex` → `color_palette.members[0].color_hex`. */
function fieldName(pointer: string): string {
  let name = '';
  for (const segment of pointer.slice(1).split('/')) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    name += /^\d+$/.test(key) ? `[${key}]` : name === '' ? key : `.${key}`;
  }
  return name === '' ? 'body' : name;
}

function depth(field: string): number {
  return field.split(/[.[]/).length;
}
