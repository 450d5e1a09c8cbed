import type { PromptBundle, PromptSection } from '../schemas/prompt-bundle.js';

export interface ComposedPromptSection {
  key: string;
  content: string;
  source: 'global' | 'tenant';
}

export interface ComposedPrompt {
  sections: ComposedPromptSection[];
  /** Every section's content, joined by a blank line: what the model is given. */
  text: string;
}

/**
 * Merges the global prompt bundle with a tenant's, section by section, the tenant winning.
 * Global order is kept so a tenant overriding one section does not reshuffle the rest; a tenant section
 * replaces the global one of the same key in place, `enabled: false` removes it, and tenant-only sections
 * follow in the tenant's order. Sections whose content is blank are dropped, so an empty override hides one too.
 */
export function composePrompt(global: PromptBundle | null, tenant: PromptBundle | null): ComposedPrompt {
  const globalSections = global?.sections ?? [];
  const tenantSections = tenant?.sections ?? [];
  const tenantByKey = new Map(tenantSections.map((section) => [section.key, section]));
  const globalKeys = new Set(globalSections.map((section) => section.key));

  const merged: ComposedPromptSection[] = [];
  for (const section of globalSections) {
    const override = tenantByKey.get(section.key);
    if (override !== undefined) addIfEnabled(merged, override, 'tenant');
    else addIfEnabled(merged, section, 'global');
  }
  for (const section of tenantSections) {
    if (!globalKeys.has(section.key)) addIfEnabled(merged, section, 'tenant');
  }
  return { sections: merged, text: merged.map((section) => section.content).join('\n\n') };
}

function addIfEnabled(into: ComposedPromptSection[], section: PromptSection, source: 'global' | 'tenant'): void {
  // Trimmed so the blank line between sections is exactly one, however the author ended their text.
  const content = section.content.trim();
  if (section.enabled && content !== '') into.push({ key: section.key, content, source });
}
