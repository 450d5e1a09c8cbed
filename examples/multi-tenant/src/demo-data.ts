import type {
  CreatePhoneNumberInput,
  CreateSharedNumberInput,
  CreateTenantInput,
  TenantConfigInput,
} from '@nuvatra/core';
import type { DemoActivity } from './demo-activity.js';
import { harborBistroActivity } from './demo-activity-harbor.js';
import { splashSwimActivity } from './demo-activity-splash.js';
import { sunriseDentalActivity } from './demo-activity-sunrise.js';

/** Three businesses and one shared assistant number, all on fictional +1 555 numbers. */
export interface DemoTenant {
  tenant: CreateTenantInput;
  /** The development user id (`Bearer dev:<owner>`) who owns the tenant. */
  owner: string;
  config: TenantConfigInput;
  numbers: CreatePhoneNumberInput[];
  /** Calls, intents, bookings and texts from the days before the demo starts. */
  activity: DemoActivity;
}

export const demoTenants: DemoTenant[] = [
  {
    tenant: { slug: 'sunrise-dental', name: 'Sunrise Dental' },
    owner: 'alice',
    config: {
      businessProfile: {
        name: 'Sunrise Dental',
        industry: 'dental clinic',
        description: 'A family dental clinic: check-ups, cleanings, fillings, crowns and teeth whitening.',
        address: '12 Elm Street, Springfield',
        website: 'https://sunrise-dental.example.com',
        email: 'frontdesk@sunrise-dental.example.com',
        phone: '+15550100101',
      },
      timezone: 'America/New_York',
      greeting: { en: 'Thank you for calling Sunrise Dental, how can I help?' },
      services: [
        { name: 'Check-up', durationMinutes: 30 },
        { name: 'Cleaning', durationMinutes: 45, price: '$120' },
        { name: 'Teeth whitening', durationMinutes: 60, price: '$350' },
      ],
      workingHours: { weekly: { mon: [{ open: '09:00', close: '17:00' }], tue: [{ open: '09:00', close: '17:00' }] } },
    },
    numbers: [
      { number: '+1 555 010 0001', kind: 'owned', provider: 'twilio', label: 'Front desk (Twilio)' },
      { number: '+1 555 010 0101', kind: 'forwarding', label: 'Clinic landline' },
    ],
    activity: sunriseDentalActivity,
  },
  {
    tenant: { slug: 'harbor-bistro', name: 'Harbor Bistro' },
    owner: 'bob',
    config: {
      businessProfile: {
        name: 'Harbor Bistro',
        industry: 'restaurant',
        description: 'Seafood and seasonal dishes by the harbour, with a heated patio and a private room for 30.',
        address: '3 Pier Road, Bayview',
        website: 'https://harbor-bistro.example.com',
        phone: '+15550200202',
      },
      timezone: 'America/Los_Angeles',
      greeting: { en: 'Harbor Bistro, would you like to book a table?' },
      services: [
        { name: 'Table reservation', durationMinutes: 120 },
        { name: 'Private room', price: 'from $600' },
      ],
      workingHours: {
        weekly: Object.fromEntries(
          (['wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => [day, [{ open: '17:00', close: '22:30' }]]),
        ),
      },
    },
    numbers: [
      { number: '+1 555 020 0002', kind: 'owned', provider: 'twilio', label: 'Reservations (Twilio)' },
      { number: '+1 555 020 0202', kind: 'forwarding', label: 'Restaurant landline' },
    ],
    activity: harborBistroActivity,
  },
  {
    tenant: { slug: 'splash-swim', name: 'Splash Swim School' },
    owner: 'carol',
    config: {
      businessProfile: {
        name: 'Splash Swim School',
        industry: 'swim school',
        description: 'Swimming lessons from parent-and-baby classes to a competitive squad, in a heated indoor pool.',
        address: '48 Lake Avenue, Riverside',
        website: 'https://splash-swim.example.com',
        email: 'office@splash-swim.example.com',
        phone: '+15550300303',
      },
      timezone: 'America/Chicago',
      greeting: { en: 'Splash Swim School, how can I help you today?' },
      services: [
        { name: 'Assessment', durationMinutes: 30 },
        { name: 'Weekly class (term)', durationMinutes: 45, price: 'from $180' },
      ],
      workingHours: {
        weekly: {
          ...Object.fromEntries(
            (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [day, [{ open: '15:00', close: '19:30' }]]),
          ),
          sat: [{ open: '08:30', close: '13:00' }],
        },
      },
    },
    numbers: [
      { number: '+1 555 030 0003', kind: 'owned', provider: 'twilio', label: 'Office (Twilio)' },
      { number: '+1 555 030 0303', kind: 'forwarding', label: 'Pool reception' },
    ],
    activity: splashSwimActivity,
  },
];

/**
 * The demo tenant the swim-school plugin (`@nuvatra/example-swim-school`) is enabled for; every other tenant has
 * none of its tools. The registration form is fictional: the texted links show where a real one would go.
 */
export const demoSwimSchool = {
  slug: 'splash-swim',
  registrationUrl: 'https://splash-swim.example.com/register',
} as const;

export const demoSharedNumber: CreateSharedNumberInput = {
  number: '+1 555 000 0000',
  provider: 'twilio',
  label: 'Shared assistant number',
};
