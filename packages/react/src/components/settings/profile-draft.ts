import type { Profile, ProfileInput } from '@nuvatra/core';

// The form edits strings only; `toProfileInput` turns them into what the API takes, leaving out what is blank, since
// an empty email or website is not a valid one and an empty greeting is not a greeting.

export interface ServiceDraft {
  name: string;
  description: string;
  durationMinutes: string;
  price: string;
}

export interface ProfileDraft {
  business: Record<'name' | 'description' | 'industry' | 'address' | 'website' | 'email' | 'phone', string>;
  timezone: string;
  languages: string[];
  greeting: Record<string, string>;
  services: ServiceDraft[];
  voiceAgent: { provider: 'vapi' | 'telnyx' } & Record<'voiceId' | 'voiceProvider' | 'model' | 'assistantId', string>;
}

export function toProfileDraft(profile: Profile | undefined): ProfileDraft {
  const business = profile?.businessProfile;
  const voice = profile?.voiceAgent;
  return {
    business: {
      name: business?.name ?? '',
      description: business?.description ?? '',
      industry: business?.industry ?? '',
      address: business?.address ?? '',
      website: business?.website ?? '',
      email: business?.email ?? '',
      phone: business?.phone ?? '',
    },
    // A new profile starts in the browser's own zone, which is usually the business's.
    timezone: profile?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    languages: profile?.languages ?? ['en'],
    greeting: { ...profile?.greeting },
    services: (profile?.services ?? []).map((service) => ({
      name: service.name,
      description: service.description ?? '',
      durationMinutes: service.durationMinutes === undefined ? '' : String(service.durationMinutes),
      price: service.price ?? '',
    })),
    voiceAgent: {
      provider: voice?.provider ?? 'vapi',
      voiceId: voice?.voiceId ?? '',
      voiceProvider: voice?.voiceProvider ?? '',
      model: voice?.model ?? '',
      assistantId: voice?.assistantId ?? '',
    },
  };
}

function filled<K extends string>(fields: Record<K, string>): Partial<Record<K, string>> {
  const entries = Object.entries<string>(fields).map(([key, value]) => [key, value.trim()] as const);
  return Object.fromEntries(entries.filter(([, value]) => value !== '')) as Partial<Record<K, string>>;
}

/**
 * `saved` is the profile as the server has it now: its time zone (edited with the working hours) and FAQ (edited
 * elsewhere) are sent back unchanged, since PUT replaces the whole profile.
 */
export function toProfileInput(draft: ProfileDraft, saved: Profile | undefined): ProfileInput {
  const { name, description, ...optional } = draft.business;
  const { provider, ...voice } = draft.voiceAgent;
  return {
    businessProfile: { name: name.trim(), description: description.trim(), ...filled(optional) },
    timezone: saved?.timezone ?? draft.timezone,
    languages: draft.languages,
    greeting: Object.fromEntries(
      draft.languages.flatMap((tag) => {
        const text = draft.greeting[tag]?.trim();
        return text ? [[tag, text]] : [];
      }),
    ),
    services: draft.services
      .filter((service) => service.name.trim() !== '')
      .map(({ durationMinutes, ...service }) => ({
        ...filled(service),
        name: service.name.trim(),
        ...(durationMinutes.trim() ? { durationMinutes: Number(durationMinutes) } : {}),
      })),
    faq: saved?.faq ?? [],
    voiceAgent: { provider, ...filled(voice) },
  };
}
