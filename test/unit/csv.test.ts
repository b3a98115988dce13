import { describe, expect, it } from 'vitest';
import { csvField, csvRow, parseCsv } from '../../src/http/csv.js';

describe('RFC 4180 CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-1+1', "'-1+1"],
  ])('writes %j as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('writes numbers, booleans and nulls bare', () => {
    expect(csvRow([1.5, true, null, undefined, -2])).toBe('1.5,true,,,-2\r\n');
  });

  it('round-trips quotes, commas and line breaks', () => {
    const rows = [
      ['id', 'title'],
      ['1', 'He said, "no"'],
      ['2', 'line one\nline two\r\nline three'],
      ['3', ''],
    ];
    expect(parseCsv(rows.map((r) => csvRow(r)).join(''))).toEqual(rows);
  });
});
