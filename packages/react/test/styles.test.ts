// @vitest-environment node
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The default stylesheet must never style the host page: every selector is inside an `nv-` class.

const entry = fileURLToPath(new URL('../src/styles.css', import.meta.url));

function inlineImports(file: string): string {
  return readFileSync(file, 'utf8').replace(/@import\s+["'](.+?)["'];/g, (_, path: string) =>
    inlineImports(join(dirname(file), path)),
  );
}

/** The selectors of every style rule (outside @keyframes), comments removed. */
function selectorsOf(css: string): string[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const withoutKeyframes = withoutComments.replace(/@keyframes[^{]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '');
  const selectors: string[] = [];
  for (const match of withoutKeyframes.matchAll(/([^{};]+)\{/g)) {
    const prelude = (match[1] ?? '').trim();
    if (prelude.startsWith('@')) continue;
    selectors.push(...prelude.split(',').map((selector) => selector.trim()));
  }
  return selectors;
}

describe('the default stylesheet', () => {
  const css = inlineImports(entry);
  const selectors = selectorsOf(css);

  it('has rules', () => {
    expect(selectors.length).toBeGreaterThan(20);
  });

  it('scopes every selector to an nv- class', () => {
    const unscoped = selectors.filter((selector) => !/^\.nv-[\w-]+/.test(selector));
    expect(unscoped).toEqual([]);
  });

  it('names its animations with the nv- prefix', () => {
    const names = [...css.matchAll(/@keyframes\s+([\w-]+)/g)].map((match) => match[1]);
    expect(names.filter((name) => !name?.startsWith('nv-'))).toEqual([]);
  });

  it('lets the host theme it: every colour default sits behind a public --nv- variable', () => {
    const declarations = [...css.matchAll(/--_nv-([\w-]+):\s*([^;]+);/g)];
    expect(declarations.length).toBeGreaterThan(5);
    for (const [, name, value] of declarations) expect(value).toContain(`var(--nv-${name}`);
  });
});
