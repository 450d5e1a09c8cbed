import { describe, expect, it } from 'vitest';
import { declaredExports, declaredValueNames, runtimeExports } from '../../../test-support/exports.js';
import * as source from '../src/index.js';

// The public surface of @nuvatra/testing, frozen: a change here reaches every user, so it must be on purpose.
// After an intended change, review the diff and run `pnpm vitest run -u --project testing`.

const entry = new URL('../src/index.ts', import.meta.url);
const declared = declaredExports(entry);

describe('the public surface of @nuvatra/testing', () => {
  it('exports these runtime values', () => {
    expect(runtimeExports(source)).toMatchSnapshot();
  });

  it('exports these names, values and types', () => {
    expect(declared).toMatchSnapshot();
  });

  it('declares every runtime value it exports, and exports every value it declares', () => {
    expect(Object.keys(runtimeExports(source))).toEqual(declaredValueNames(declared));
  });
});
