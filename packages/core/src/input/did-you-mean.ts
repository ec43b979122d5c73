/** Levenshtein distance between two strings (case-insensitive). */
export function editDistance(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_\s.]/g, '');
}

/**
 * The known names closest to `name`, best first: names equal once case, `-`, `_` and `.` are
 * ignored come first, then names within an edit distance of about a third of their length.
 */
export function closestMatches(name: string, known: Iterable<string>, limit = 3): string[] {
  const target = normalize(name);
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of known) {
    const normalized = normalize(candidate);
    if (normalized === target) {
      scored.push({ candidate, score: -1 });
      continue;
    }
    const distance = editDistance(target, normalized);
    const allowed = Math.max(2, Math.floor(Math.max(target.length, normalized.length) / 3));
    const containment =
      Math.min(target.length, normalized.length) >= 4 &&
      (normalized.includes(target) || target.includes(normalized));
    if (distance <= allowed || containment)
      scored.push({ candidate, score: containment ? Math.min(distance, 1) : distance });
  }
  scored.sort(
    (left, right) => left.score - right.score || left.candidate.localeCompare(right.candidate),
  );
  return [...new Set(scored.map(entry => entry.candidate))].slice(0, limit);
}
