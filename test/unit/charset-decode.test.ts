import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeDocument } from '../../src/extract/charset-decode.js';

const feed = (name: string): Uint8Array =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

// “Crise” – é in windows-1252: curly quotes and the en dash live in 0x80–0x9F.
const CP1252_QUOTES = Uint8Array.from([
  0x93, 0x43, 0x72, 0x69, 0x73, 0x65, 0x94, 0x20, 0x96, 0x20, 0xe9,
]);
const UTF8_TEXT = Buffer.from('<p>“Crise” – é</p>', 'utf8');
const FILLER = `<script>${'x'.repeat(2000)}</script>`;

interface Case {
  name: string;
  bytes: Uint8Array;
  contentType: string | null;
  charset: string;
  source: 'bom' | 'header' | 'declaration' | 'default' | 'utf-8-override';
  contains: string;
}

const cases: Case[] = [
  {
    name: 'a Latin-1 header on bytes that are valid UTF-8 is overridden: UTF-8',
    bytes: UTF8_TEXT,
    contentType: 'text/html; charset=iso-8859-1',
    charset: 'utf-8',
    source: 'utf-8-override',
    contains: '<p>“Crise” – é</p>',
  },
  {
    name: 'a windows-1252 declaration on bytes that are valid UTF-8 is overridden: UTF-8',
    bytes: concat(ascii('<meta charset="windows-1252">'), UTF8_TEXT),
    contentType: 'text/html',
    charset: 'utf-8',
    source: 'utf-8-override',
    contains: '<p>“Crise” – é</p>',
  },
  {
    name: 'a UTF-8 BOM wins over a contradicting header and is not part of the text',
    bytes: concat(Uint8Array.from([0xef, 0xbb, 0xbf]), UTF8_TEXT),
    contentType: 'text/html; charset=windows-1252',
    charset: 'utf-8',
    source: 'bom',
    contains: '<p>“Crise” – é</p>',
  },
  {
    name: 'a UTF-16LE BOM is honoured',
    bytes: concat(Uint8Array.from([0xff, 0xfe]), Buffer.from('<p>“Ok”</p>', 'utf16le')),
    contentType: null,
    charset: 'utf-16le',
    source: 'bom',
    contains: '<p>“Ok”</p>',
  },
  {
    name: 'an ISO-8859-1 header decodes as windows-1252, keeping curly quotes and dashes',
    bytes: CP1252_QUOTES,
    contentType: 'text/html; charset=ISO-8859-1',
    charset: 'windows-1252',
    source: 'header',
    contains: '“Crise” – é',
  },
  {
    name: 'a us-ascii header decodes as windows-1252 as browsers do',
    bytes: CP1252_QUOTES,
    contentType: 'application/rss+xml;charset=us-ascii',
    charset: 'windows-1252',
    source: 'header',
    contains: '“Crise”',
  },
  {
    name: 'a quoted header charset is unquoted',
    bytes: UTF8_TEXT,
    contentType: 'text/html; charset="UTF-8"',
    charset: 'utf-8',
    source: 'header',
    contains: '“Crise”',
  },
  {
    name: 'the header wins over an in-document declaration',
    bytes: concat(ascii('<meta charset="utf-8">'), CP1252_QUOTES),
    contentType: 'text/html; charset=windows-1252',
    charset: 'windows-1252',
    source: 'header',
    contains: '“Crise”',
  },
  {
    name: 'an unknown header charset falls through to the declaration',
    bytes: concat(ascii('<meta charset="windows-1252">'), CP1252_QUOTES),
    contentType: 'text/html; charset=no-such-charset',
    charset: 'windows-1252',
    source: 'declaration',
    contains: '“Crise”',
  },
  {
    name: 'a <meta charset> is read when there is no header',
    bytes: concat(ascii('<!doctype html><html><head><meta charset=windows-1252>'), CP1252_QUOTES),
    contentType: 'text/html',
    charset: 'windows-1252',
    source: 'declaration',
    contains: '“Crise”',
  },
  {
    name: 'a <meta http-equiv="Content-Type"> charset is read',
    bytes: concat(
      ascii('<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
      CP1252_QUOTES,
    ),
    contentType: null,
    charset: 'windows-1252',
    source: 'declaration',
    contains: '“Crise”',
  },
  {
    name: 'a <meta charset> after 2 KB of inline script is still found',
    bytes: concat(ascii(`<head>${FILLER}<meta charset="windows-1252">`), CP1252_QUOTES),
    contentType: null,
    charset: 'windows-1252',
    source: 'declaration',
    contains: '“Crise”',
  },
  {
    name: 'a <meta charset> beyond the first 4 KB is ignored',
    bytes: concat(ascii(`<head>${FILLER}${FILLER}${FILLER}<meta charset="koi8-r">`), UTF8_TEXT),
    contentType: null,
    charset: 'utf-8',
    source: 'default',
    contains: '“Crise”',
  },
  {
    name: 'a <meta charset> inside an HTML comment is ignored',
    bytes: concat(ascii('<!-- <meta charset="koi8-r"> -->'), UTF8_TEXT),
    contentType: null,
    charset: 'utf-8',
    source: 'default',
    contains: '“Crise”',
  },
  {
    name: 'a UTF-16 declaration without a BOM is read as UTF-8',
    bytes: concat(ascii('<meta charset="utf-16">'), UTF8_TEXT),
    contentType: null,
    charset: 'utf-8',
    source: 'declaration',
    contains: '“Crise”',
  },
  {
    name: 'undeclared bytes that are valid UTF-8 decode as UTF-8',
    bytes: UTF8_TEXT,
    contentType: null,
    charset: 'utf-8',
    source: 'default',
    contains: '<p>“Crise” – é</p>',
  },
  {
    name: 'undeclared bytes that are not UTF-8 decode as windows-1252',
    bytes: CP1252_QUOTES,
    contentType: null,
    charset: 'windows-1252',
    source: 'default',
    contains: '“Crise” – é',
  },
  {
    name: 'an ISO-8859-1 feed without an XML declaration (UOL) decodes as windows-1252',
    bytes: feed('02_uol_noticias_latin1__rbren-rss-parser.rss'),
    contentType: null,
    charset: 'windows-1252',
    source: 'default',
    contains: '<description>Últimas Notícias</description>',
  },
  {
    name: 'a windows-1251 feed is read from its XML declaration (oren.ru)',
    bytes: feed('07_oren_ru_windows1251__node-feedparser.xml'),
    contentType: 'application/xml',
    charset: 'windows-1251',
    source: 'declaration',
    contains: '<title>Новости Оренбурга и области</title>',
  },
  {
    name: 'an XML declaration in a feed served without charset is read',
    bytes: iconv.encode(
      '<?xml version="1.0" encoding="KOI8-R"?><rss><title>Новости</title>',
      'koi8-r',
    ),
    contentType: 'application/rss+xml',
    charset: 'koi8-r',
    source: 'declaration',
    contains: '<title>Новости</title>',
  },
];

describe('decodeDocument', () => {
  it.each(cases)('$name', ({ bytes, contentType, charset, source, contains }) => {
    const decoded = decodeDocument(bytes, contentType);
    expect(decoded.charset).toBe(charset);
    expect(decoded.source).toBe(source);
    expect(decoded.text).toContain(contains);
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });
});
