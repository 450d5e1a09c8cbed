import {
  type CreateIntentInput,
  composePrompt,
  type Intent,
  type PromptSectionsInput,
  type TenantConfigInput,
  tenantConfigSchema,
  type VoiceProfile,
} from '@nuvatra/core';

// Test-only: a clinic that answers in English and Russian, as the seeds describe it. Languages are data here
// exactly as in production: nothing in the plugin knows "en" or "ru".

export const clinicConfig: TenantConfigInput = {
  businessProfile: {
    name: 'Sunrise Dental',
    description: 'A family dental clinic.',
    address: '12 Harbour Road, Springfield',
    phone: '+15550100001',
  },
  timezone: 'America/New_York',
  languages: ['en', 'ru'],
  greeting: {
    en: 'Hello, Sunrise Dental, how can I help you today?',
    ru: 'Здравствуйте, стоматология «Санрайз», чем могу помочь?',
  },
  services: [
    { name: 'Check-up', durationMinutes: 30, price: '$80', description: 'Examination and cleaning.' },
    { name: 'Whitening', durationMinutes: 60 },
  ],
  faq: [
    { question: 'Do you take walk-ins?', answer: 'Only for emergencies.' },
    { question: 'Есть ли парковка?', answer: 'Да, бесплатная парковка за зданием.', language: 'ru' },
  ],
  workingHours: {
    weekly: {
      mon: [{ open: '09:00', close: '17:00' }],
      tue: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '17:00' },
      ],
      fri: [{ open: '09:00', close: '15:00' }],
    },
    exceptions: [
      { date: '2026-12-31', ranges: [{ open: '10:00', close: '14:00' }], note: "New Year's Eve" },
      { date: '2026-12-25', closed: true, note: 'Christmas' },
    ],
  },
  voiceAgent: { provider: 'vapi', voiceProvider: '11labs', voiceId: 'clinic-voice-id' },
};

export const clinicIntents: CreateIntentInput[] = [
  {
    name: 'book_appointment',
    description: 'The caller wants an appointment.',
    examplePhrases: {
      en: ['I would like to book a check-up', 'Can I see the dentist on Monday?'],
      ru: ['Хочу записаться на приём', 'Можно к стоматологу в понедельник?'],
    },
    responses: {
      en: 'I can book that for you. Which day suits you?',
      ru: 'Я могу вас записать. Какой день вам удобен?',
    },
  },
  {
    name: 'opening_hours',
    examplePhrases: { en: ['When are you open?'], ru: ['Когда вы работаете?'] },
    responses: { en: 'We are open Monday, Tuesday and Friday.', ru: 'Мы работаем в понедельник, вторник и пятницу.' },
  },
];

export const globalPromptSections: PromptSectionsInput = [
  { key: 'role', content: 'You are the receptionist of the business below. Be brief and kind.' },
  { key: 'safety', content: 'Never give medical advice.' },
];

export const clinicPromptSections: PromptSectionsInput = [{ key: 'tone', content: 'Warm, calm and unhurried.' }];

/** The clinic's voice profile, built without storage: what `services.voiceProfile` would read. */
export function clinicProfile(): VoiceProfile {
  const timestamp = '2026-01-01T00:00:00.000Z';
  const intents: Intent[] = clinicIntents.map((input, index) => ({
    id: `int_${index + 1}`,
    tenantId: 'ten_sunrise',
    name: input.name,
    description: input.description ?? '',
    examplePhrases: input.examplePhrases ?? {},
    responses: input.responses ?? {},
    enabled: true,
    createdAt: timestamp,
    updatedAt: timestamp,
  }));
  const bundle = (tenantId: string | null, sections: PromptSectionsInput) => ({
    tenantId,
    sections: sections.map((section) => ({ enabled: true, ...section })),
    updatedAt: timestamp,
  });
  return {
    tenant: {
      id: 'ten_sunrise',
      slug: 'sunrise-dental',
      name: 'Sunrise Dental',
      status: 'active',
      plan: 'free',
      externalIds: {},
      createdAt: timestamp,
      updatedAt: timestamp,
    },
    config: tenantConfigSchema.parse(clinicConfig),
    intents,
    prompt: composePrompt(bundle(null, globalPromptSections), bundle('ten_sunrise', clinicPromptSections)),
  };
}
