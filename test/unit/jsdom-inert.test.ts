import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { JSDOM, VirtualConsole } from '../../src/extract/jsdom-inert.js';
import { parsePage, releasePage } from '../../src/extract/page-parse.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('jsdom-inert', () => {
  it('skips mutation records for the parser window when it is the first to load jsdom', () => {
    // A fresh process: in this one, another test file may have loaded jsdom first.
    const module = path.join(projectRoot(), 'dist', 'src', 'extract', 'page-parse.js');
    const stats = path.join(projectRoot(), 'dist', 'src', 'extract', 'jsdom-inert.js');
    const script = `
      const { parsePage, releasePage } = await import(${JSON.stringify(module)});
      const { inertStats } = await import(${JSON.stringify(stats)});
      const doc = parsePage('<div><p>one</p><p>two <b>three</b></p></div>', 'https://a.example/');
      const p = doc.createElement('p');
      p.textContent = 'added';
      doc.body.append(p);
      const text = doc.body.textContent;
      releasePage(doc);
      console.log(JSON.stringify({ text, ...inertStats() }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const result = JSON.parse(out) as { text: string; hooked: boolean; skipped: number };
    expect(result.text).toBe('onetwo threeadded');
    expect(result.hooked).toBe(true);
    expect(result.skipped).toBeGreaterThanOrEqual(8);
  });

  it("leaves every other window's MutationObservers working: child list, attributes and text", async () => {
    const dom = new JSDOM('<div id="root"><p>a</p></div>', {
      virtualConsole: new VirtualConsole(),
    });
    const { document, MutationObserver } = dom.window;
    const root = document.getElementById('root')!;
    const seen: string[] = [];
    new MutationObserver((records) => seen.push(...records.map((r) => r.type))).observe(root, {
      childList: true,
      attributes: true,
      characterData: true,
      subtree: true,
    });
    root.append(document.createElement('span'));
    root.setAttribute('class', 'x');
    (root.querySelector('p')!.firstChild as Text).data = 'b';
    await flush();
    expect(seen).toEqual(['childList', 'attributes', 'characterData']);
    dom.window.close();
  });

  it('keeps live collections of a parsed page current as the page changes', () => {
    const doc = parsePage('<div><p>one</p></div>', 'https://a.example/');
    const paragraphs = doc.body.getElementsByTagName('p');
    expect(paragraphs).toHaveLength(1);
    doc.body.firstElementChild!.append(doc.createElement('p'));
    expect(paragraphs).toHaveLength(2);
    expect(doc.body.getElementsByTagName('p')).toHaveLength(2);
    paragraphs[0]!.remove();
    expect(doc.body.getElementsByTagName('p')).toHaveLength(1);
    releasePage(doc);
  });

  it('moves a Range on a parsed page when the nodes it points into are removed', () => {
    const doc = parsePage(
      '<div id="root"><p id="a">one</p><p id="b">two</p></div>',
      'https://a.example/',
    );
    const range = doc.createRange();
    range.setStart(doc.getElementById('b')!.firstChild!, 1);
    range.setEnd(doc.getElementById('b')!.firstChild!, 3);
    doc.getElementById('b')!.remove();
    expect(range.startContainer).toBe(doc.getElementById('root'));
    expect(range.startOffset).toBe(1);
    expect(range.collapsed).toBe(true);
    releasePage(doc);
  });

  it('still reports mutations of a parsed page to an observer someone attaches to it', async () => {
    const doc = parsePage('<div id="root"></div>', 'https://a.example/');
    const root = doc.getElementById('root')!;
    const seen: number[] = [];
    const Observer = (doc.defaultView ?? new JSDOM('').window).MutationObserver;
    new Observer((records) => seen.push(records.length)).observe(root, { childList: true });
    root.append(doc.createElement('p'));
    await flush();
    expect(seen).toEqual([1]);
    releasePage(doc);
  });
});
