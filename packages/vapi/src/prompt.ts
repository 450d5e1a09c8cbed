import type { Intent, TenantConfig, VoiceProfile, Weekday, WorkingHours } from '@nuvatra/core';

// The system prompt a tenant's assistant speaks from: pure text built from the voice profile. Languages are
// data: whatever tags the tenant's config, intents and FAQ carry are rendered, none is special-cased.

const weekdays: ReadonlyArray<[Weekday, string]> = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

// Asked for every assistant a call gets: Intl answers each tag once, from then on the name is remembered.
const namedTags = new Map<string, string>();

/** "Russian (ru)", or the bare tag when the runtime has no name for it. */
export function languageName(tag: string): string {
  const known = namedTags.get(tag);
  if (known !== undefined) return known;
  let named: string;
  try {
    const name = languageNames.of(tag);
    named = name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    named = tag;
  }
  if (namedTags.size >= 1_000) namedTags.clear();
  namedTags.set(tag, named);
  return named;
}

export function renderSystemPrompt(profile: VoiceProfile): string {
  const { config } = profile;
  const parts = [profile.prompt.text.trim()];
  if (config) {
    parts.push(
      renderBusiness(config),
      renderLanguages(config.languages),
      renderHours(config.workingHours, config.timezone),
      renderServices(config.services),
      renderFaq(config.faq),
    );
  } else {
    parts.push(`## Business\nName: ${profile.tenant.name}`);
  }
  parts.push(renderIntents(profile.intents, config?.languages ?? []));
  return parts.filter((part) => part.trim() !== '').join('\n\n');
}

function renderBusiness(config: TenantConfig): string {
  const business = config.businessProfile;
  const lines = [`## Business`, `Name: ${business.name}`];
  if (business.description) lines.push(`About: ${business.description}`);
  if (business.industry) lines.push(`Industry: ${business.industry}`);
  if (business.address) lines.push(`Address: ${business.address}`);
  if (business.phone) lines.push(`Phone: ${business.phone}`);
  if (business.email) lines.push(`Email: ${business.email}`);
  if (business.website) lines.push(`Website: ${business.website}`);
  return lines.join('\n');
}

function renderLanguages(languages: readonly string[]): string {
  const [first] = languages;
  if (!first) return '';
  return [
    '## Languages',
    `Speak ${languages.map(languageName).join(', ')}.`,
    `Start in ${languageName(first)}; if the caller speaks another of these languages, switch to it and stay in it.`,
  ].join('\n');
}

function renderHours(hours: WorkingHours, timezone: string): string {
  // The Liquid date filter is Vapi's own (docs.vapi.ai/assistants/dynamic-variables): Vapi fills in the time
  // when the call starts, in the tenant's zone, so the prompt itself stays a pure function of the profile.
  const lines = [
    `## Opening hours (time zone ${timezone})`,
    `It is now {{"now" | date: "%A, %Y-%m-%d %H:%M", "${timezone}"}} in ${timezone}.`,
  ];
  for (const [day, label] of weekdays) {
    const ranges = hours.weekly[day] ?? [];
    lines.push(`${label}: ${ranges.length > 0 ? formatRanges(ranges) : 'closed'}`);
  }
  const exceptions = [...hours.exceptions].sort((a, b) => a.date.localeCompare(b.date));
  if (exceptions.length > 0) {
    lines.push('Exceptions to the weekly hours:');
    for (const exception of exceptions) {
      const open = exception.closed || exception.ranges.length === 0 ? 'closed' : formatRanges(exception.ranges);
      lines.push(`- ${exception.date}: ${open}${exception.note ? ` (${exception.note})` : ''}`);
    }
  }
  return lines.join('\n');
}

function formatRanges(ranges: ReadonlyArray<{ open: string; close: string }>): string {
  return ranges.map((range) => `${range.open}-${range.close}`).join(', ');
}

function renderServices(services: TenantConfig['services']): string {
  if (services.length === 0) return '';
  const lines = services.map((service) => {
    const facts = [service.durationMinutes ? `${service.durationMinutes} min` : '', service.price ?? ''].filter(
      Boolean,
    );
    const head = `- ${service.name}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
    return service.description ? `${head}: ${service.description}` : head;
  });
  return ['## Services', ...lines].join('\n');
}

function renderFaq(faq: TenantConfig['faq']): string {
  if (faq.length === 0) return '';
  const lines = faq.map(
    (entry) => `Q${entry.language ? ` (${entry.language})` : ''}: ${entry.question}\nA: ${entry.answer}`,
  );
  return ['## Frequently asked questions', ...lines].join('\n');
}

function renderIntents(intents: readonly Intent[], languages: readonly string[]): string {
  if (intents.length === 0) return '';
  const blocks = intents.map((intent) => {
    const lines = [`### ${intent.name}`];
    if (intent.description) lines.push(intent.description);
    for (const [language, phrases] of byLanguage(intent.examplePhrases, languages)) {
      if (phrases.length > 0) lines.push(`Callers say (${language}): ${phrases.map((p) => `"${p}"`).join('; ')}`);
    }
    for (const [language, response] of byLanguage(intent.responses, languages)) {
      lines.push(`Answer (${language}): ${response}`);
    }
    return lines.join('\n');
  });
  return [
    "## What callers ask for\nRecognise these requests in any language and answer in the caller's language.",
    ...blocks,
  ].join('\n\n');
}

/** The tenant's languages in its own order first, then any other tag alphabetically. */
function byLanguage<T>(record: Record<string, T>, languages: readonly string[]): Array<[string, T]> {
  const rank = (tag: string) => {
    const index = languages.indexOf(tag);
    return index === -1 ? languages.length : index;
  };
  return Object.entries(record).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
