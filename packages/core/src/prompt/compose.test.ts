import { describe, expect, it } from 'vitest';
import type { PromptBundle } from '../schemas/prompt-bundle.js';
import { composePrompt } from './compose.js';

type SectionInput = { key: string; content: string; enabled?: boolean };

function bundle(tenantId: string | null, sections: SectionInput[]): PromptBundle {
  return {
    tenantId,
    sections: sections.map((section) => ({ enabled: true, ...section })),
    updatedAt: '2025-01-01T00:00:00Z',
  };
}

const global = bundle(null, [
  { key: 'identity', content: 'You are a receptionist.' },
  { key: 'tone', content: 'Be warm.' },
  { key: 'booking', content: 'Offer the next free slot.' },
]);

describe('composePrompt', () => {
  it('uses the global bundle alone when the tenant has no bundle', () => {
    const prompt = composePrompt(global, null);
    expect(prompt.sections).toEqual([
      { key: 'identity', content: 'You are a receptionist.', source: 'global' },
      { key: 'tone', content: 'Be warm.', source: 'global' },
      { key: 'booking', content: 'Offer the next free slot.', source: 'global' },
    ]);
    expect(prompt.text).toBe('You are a receptionist.\n\nBe warm.\n\nOffer the next free slot.');
  });

  it('uses the tenant bundle alone when there is no global bundle', () => {
    const prompt = composePrompt(null, bundle('t1', [{ key: 'tone', content: 'Be brief.' }]));
    expect(prompt.sections).toEqual([{ key: 'tone', content: 'Be brief.', source: 'tenant' }]);
    expect(prompt.text).toBe('Be brief.');
  });

  it('returns no sections and empty text when neither bundle exists', () => {
    expect(composePrompt(null, null)).toEqual({ sections: [], text: '' });
  });

  it('replaces a global section in place with the tenant section of the same key', () => {
    const prompt = composePrompt(global, bundle('t1', [{ key: 'tone', content: 'Be formal.' }]));
    expect(prompt.sections.map((s) => [s.key, s.source])).toEqual([
      ['identity', 'global'],
      ['tone', 'tenant'],
      ['booking', 'global'],
    ]);
    expect(prompt.text).toBe('You are a receptionist.\n\nBe formal.\n\nOffer the next free slot.');
  });

  it('keeps global order however the tenant orders its overrides, then appends tenant-only sections in tenant order', () => {
    const tenant = bundle('t1', [
      { key: 'faq.parking', content: 'Parking is free.' },
      { key: 'booking', content: 'Book only weekdays.' },
      { key: 'faq.hours', content: 'Open 9 to 5.' },
      { key: 'identity', content: 'You are Ada.' },
    ]);
    expect(composePrompt(global, tenant).sections.map((s) => s.key)).toEqual([
      'identity',
      'tone',
      'booking',
      'faq.parking',
      'faq.hours',
    ]);
  });

  it('removes a global section the tenant disables', () => {
    const prompt = composePrompt(global, bundle('t1', [{ key: 'booking', content: '', enabled: false }]));
    expect(prompt.sections.map((s) => s.key)).toEqual(['identity', 'tone']);
  });

  it('drops disabled global sections and disabled tenant-only sections', () => {
    const withDisabled = bundle(null, [...global.sections, { key: 'legacy', content: 'Old rules.', enabled: false }]);
    const tenant = bundle('t1', [{ key: 'draft', content: 'Not yet.', enabled: false }]);
    expect(composePrompt(withDisabled, tenant).sections.map((s) => s.key)).toEqual(['identity', 'tone', 'booking']);
  });

  it('lets a tenant bring back a section the global bundle disabled, in the global position', () => {
    const withDisabled = bundle(null, [
      { key: 'greeting', content: 'Say hello.', enabled: false },
      { key: 'tone', content: 'Be warm.' },
    ]);
    const prompt = composePrompt(withDisabled, bundle('t1', [{ key: 'greeting', content: 'Say hi.' }]));
    expect(prompt.sections).toEqual([
      { key: 'greeting', content: 'Say hi.', source: 'tenant' },
      { key: 'tone', content: 'Be warm.', source: 'global' },
    ]);
  });

  it('drops sections whose content is blank, so a blank tenant override hides the global one', () => {
    const prompt = composePrompt(
      global,
      bundle('t1', [
        { key: 'tone', content: '  \n\t ' },
        { key: 'extra', content: '' },
      ]),
    );
    expect(prompt.sections.map((s) => s.key)).toEqual(['identity', 'booking']);
    expect(prompt.text).toBe('You are a receptionist.\n\nOffer the next free slot.');
  });

  it('trims each section so sections are separated by exactly one blank line', () => {
    const prompt = composePrompt(
      bundle(null, [
        { key: 'a', content: '\nFirst.\n\n' },
        { key: 'b', content: 'Second.\n' },
      ]),
      null,
    );
    expect(prompt.text).toBe('First.\n\nSecond.');
  });

  it('does not change the bundles it is given', () => {
    const tenant = bundle('t1', [{ key: 'tone', content: 'Be formal.' }]);
    const before = structuredClone([global, tenant]);
    composePrompt(global, tenant);
    expect([global, tenant]).toEqual(before);
  });
});
