import { describe, expect, it } from 'vitest';
import { readPublicSurface } from '../../../test-support/exports.js';
import * as source from '../src/index.js';

// The public surface of @nuvatra/google-calendar, frozen: a change here reaches every user, so it must be on purpose.
// After an intended change, review the diff and run `pnpm vitest run -u --project google-calendar`.
const surface = readPublicSurface(new URL('..', import.meta.url), source);

describe(`the public surface of ${surface.name}`, () => {
  it('exports these runtime values', () => {
    expect(surface.runtime).toMatchSnapshot();
  });

  it('exports these names, values and types', () => {
    expect(surface.declared).toMatchSnapshot();
  });

  it('declares every runtime value it exports, and exports every value it declares', () => {
    expect(Object.keys(surface.runtime)).toEqual(surface.declaredValues);
  });
});
