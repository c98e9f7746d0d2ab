import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVE_FLAG_TABLE, type ServeFlag } from './serve-flags.js';

// docs/server.md lists every flag of `confab serve` between these markers. The table is
// checked cell by cell against the flag table, so the two cannot drift apart;
// `UPDATE_DOCS=1 npx vitest run src/cli/server-doc.test.ts` rewrites it (then run prettier).
const DOC = new URL('../../docs/server.md', import.meta.url);
const BEGIN = '<!-- serve-flags:begin (generated from src/cli/serve-flags.ts) -->';
const END = '<!-- serve-flags:end -->';
const HEADER = ['flag', 'environment', 'default', '`ServerOptions` key', 'meaning'];

const code = (text: string): string => `\`${text}\``;
const cell = (text: string): string => text.replaceAll('|', '\\|');

function cellsOf({ spec, option }: ServeFlag): string[] {
  const flag =
    spec.kind === 'boolean' ? `--${spec.name}` : `--${spec.name} ${spec.placeholder ?? '<value>'}`;
  return [
    code(flag),
    spec.env.map(code).join(', '),
    cell(spec.defaultText),
    option === null ? '(command line only)' : code(option),
    cell(spec.help),
  ];
}

function tableMarkdown(): string {
  const rows = [HEADER, HEADER.map(() => '---'), ...SERVE_FLAG_TABLE.map(cellsOf)];
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

function documentedRows(doc: string): string[][] {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/server.md lacks the ${BEGIN} markers`);
  return doc
    .slice(start + BEGIN.length, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((part) => part.trim()),
    )
    .filter((row) => !row.every((part) => /^:?-+:?$/.test(part)));
}

describe('docs/server.md', () => {
  it('documents every flag of confab serve: environment, default, option, meaning', () => {
    let doc = readFileSync(DOC, 'utf8');
    if (process.env['UPDATE_DOCS'] === '1') {
      const start = doc.indexOf(BEGIN) + BEGIN.length;
      doc = `${doc.slice(0, start)}\n\n${tableMarkdown()}\n\n${doc.slice(doc.indexOf(END))}`;
      writeFileSync(DOC, doc);
    }
    expect(documentedRows(doc)).toEqual([HEADER, ...SERVE_FLAG_TABLE.map(cellsOf)]);
  });
});
