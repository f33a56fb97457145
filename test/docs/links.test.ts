import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

/** The guide, the reference pages and the report templates: every file a reader follows links from. */
const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(ROOT, 'templates'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `templates/${f}`),
];

/**
 * Relative targets of Markdown links and images, `](target)`, and of the HTML ones the docs pages use
 * (`<a href>`, `<img src>`: relative to the page on GitHub and in any Markdown viewer); web links and
 * in-page anchors are left out.
 */
function findMarkdownTargets(text: string): string[] {
  return [
    ...[...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/<(?:a|img)\s[^>]*\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? ''),
  ]
    .filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'))
    .map((t) => t.replace(/#.*$/, ''));
}

/** In a template's JSON text, the file names it mentions (`README.md`, `docs/models.md`), resolved from the root. */
function findMentionedFiles(text: string): string[] {
  return [...text.matchAll(/\b((?:docs\/)?[\w.-]+\.md)\b/g)].map((m) => m[1] ?? '');
}

describe('relative links', () => {
  it('reads HTML links and images too', () => {
    expect(findMarkdownTargets('<img src="images/a.png" alt="x"> <a href="b.md#c">b</a> [d](e.md)')).toEqual([
      'e.md',
      'images/a.png',
      'b.md',
    ]);
  });

  it.each(FILES)('every relative link and image of %s exists', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const targets = file.endsWith('.json')
      ? findMentionedFiles(text).map((t) => resolve(ROOT, t))
      : findMarkdownTargets(text).map((t) => resolve(dirname(join(ROOT, file)), t));
    const missing = targets.filter((t) => !existsSync(t));
    expect(missing).toEqual([]);
  });

  it('finds the links it checks (the README links to the docs pages and its picture)', () => {
    const targets = findMarkdownTargets(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(targets).toEqual(
      expect.arrayContaining([
        'docs/options.md',
        'docs/scale.md',
        'docs/reports.md',
        'docs/models.md',
        'docs/images/workbook-models.png',
      ]),
    );
  });

  it('keeps the README a guide: at most about 300 lines, both commands literally, the test time', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(300);
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toMatch(/about \d+ minutes/);
    expect(readme.indexOf('## Monthly comparison')).toBeLessThan(readme.indexOf('## Install'));
  });
});

describe('the repository stands alone', () => {
  /** Every text file the project keeps in these folders, recursively. */
  function listFiles(dir: string): string[] {
    return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.(ts|mjs|js|md|json)$/.test(e.name))
      .map((e) => join(e.parentPath, e.name));
  }

  it('cites docs/api.md for the API facts, never a file outside the repository', () => {
    // Spelled in pieces, so that this test does not find itself.
    const outside = new RegExp(['shared', 'reference'].join('/') + '|' + ['nclue-api', 'md'].join('\\.'));
    const files = [
      ...['src', 'test', 'docs', 'scripts', 'samples', 'templates', 'bench'].flatMap(listFiles),
      join(ROOT, 'README.md'),
    ];
    expect(files.length).toBeGreaterThan(100);
    const citing = files.filter((f) => outside.test(readFileSync(f, 'utf8')));
    expect(citing).toEqual([]);
    expect(readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8')).toContain('## Listing');
  });
});
