import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { binaryKind } from '../../src/fetch/content-sniff.js';
import { MAX_NESTING_DEPTH, nestingDepth, parsePage } from '../../src/extract/page-parse.js';

describe('binaryKind', () => {
  const cases: { name: string; body: Buffer; type: string | null; want: string | null }[] = [
    {
      name: 'HTML',
      body: Buffer.from('<!doctype html><p>Hi\tthere\r\n</p>'),
      type: null,
      want: null,
    },
    { name: 'UTF-8 text', body: Buffer.from('“Café” — Новости'), type: null, want: null },
    {
      name: 'a PNG',
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
      type: null,
      want: 'a PNG image',
    },
    { name: 'gzip bytes', body: gzipSync('<p>x</p>'), type: 'text/html', want: 'gzip data' },
    { name: 'a PDF', body: Buffer.from('%PDF-1.7\n'), type: 'text/html', want: 'a PDF document' },
    {
      name: 'NUL bytes',
      body: Buffer.from('<p>a\u0000b</p>'),
      type: 'text/html',
      want: 'binary data',
    },
    {
      name: 'UTF-16LE with a BOM',
      body: Buffer.from('\ufeff<p>a</p>', 'utf16le'),
      type: null,
      want: null,
    },
    {
      name: 'UTF-16 named by the header',
      body: Buffer.from('<p>a</p>', 'utf16le'),
      type: 'text/html; charset=utf-16le',
      want: null,
    },
  ];
  it.each(cases)('$name → $want', ({ body, type, want }) => {
    expect(binaryKind(body, type)).toBe(want);
  });
});

describe('nestingDepth', () => {
  const cases: { name: string; html: string; want: number }[] = [
    { name: 'nested divs', html: '<div><div><span>x</span></div></div>', want: 3 },
    { name: 'unclosed <p>s do not nest', html: '<div>' + '<p>a'.repeat(1000) + '</div>', want: 1 },
    { name: 'void elements', html: '<div><br><img src=x><hr/></div>', want: 1 },
    { name: 'stray close tags', html: '</div></div><div></div>', want: 1 },
    { name: 'unclosed divs', html: '<div>'.repeat(600), want: 600 },
  ];
  it.each(cases)('$name → $want', ({ html, want }) => {
    expect(nestingDepth(html)).toBe(want);
  });

  it('refuses to parse a page nested deeper than the limit with EXTRACT_FAILED', () => {
    const deep = `<body>${'<div>'.repeat(MAX_NESTING_DEPTH + 1)}</body>`;
    expect(() => parsePage(deep, 'https://example.com/')).toThrow(
      expect.objectContaining({ code: 'EXTRACT_FAILED' }),
    );
  });
});
