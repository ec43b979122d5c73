import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { latestResultsPath, readmePath } from '../paths.js';
import { readResults } from '../results/results-file.js';
import {
  extractSection,
  formatNumber,
  renderPerformanceSection,
  replaceSection,
  sectionEnd,
  sectionStart,
} from './performance-section.js';

describe('the README Performance section', () => {
  it('is exactly what bench/results/latest.json renders to (regenerate: pnpm bench --readme-only)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    const section = extractSection(readme);
    expect(section, `README.md needs ${sectionStart} … ${sectionEnd}`).toBeDefined();
    expect(section).toBe(renderPerformanceSection(readResults(latestResultsPath)));
  });

  it('lists every entry of latest.json once, in a table row of its own', () => {
    const results = readResults(latestResultsPath);
    const section = renderPerformanceSection(results);
    for (const entry of results.entries) {
      const row = new RegExp(`^\\| ${entry.id.replace(/\./g, '\\.')} +\\|`);
      expect(section.split('\n').filter(line => row.test(line))).toHaveLength(1);
    }
  });
});

describe('replaceSection and extractSection', () => {
  const readme = `# Title\n\n${sectionStart}\nold\n${sectionEnd}\n\n## Next\n`;

  it('replace what lies between the markers and read it back', () => {
    const replaced = replaceSection(readme, 'new\ncontent');
    expect(replaced).toBe(`# Title\n\n${sectionStart}\nnew\ncontent\n${sectionEnd}\n\n## Next\n`);
    expect(extractSection(replaced)).toBe('new\ncontent');
    expect(replaceSection(replaced, 'new\ncontent')).toBe(replaced);
  });

  it('refuse a README without markers', () => {
    expect(() => replaceSection('# Title\n', 'x')).toThrow(/markers/);
    expect(extractSection('# Title\n')).toBeUndefined();
  });
});

describe('formatNumber', () => {
  it('keeps three significant digits below 1000 and whole numbers above', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.123456)).toBe('0.123');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(-1.5)).toBe('-1.5');
    expect(formatNumber(23_456.7)).toBe('23457');
  });
});
