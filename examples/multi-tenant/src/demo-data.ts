import type {
  CreatePhoneNumberInput,
  CreateSharedNumberInput,
  CreateTenantInput,
  TenantConfigInput,
} from '@nuvatra/core';

/** Two businesses and one shared assistant number, all on fictional +1 555 numbers. */
export interface DemoTenant {
  tenant: CreateTenantInput;
  /** The development user id (`Bearer dev:<owner>`) who owns the tenant. */
  owner: string;
  config: TenantConfigInput;
  numbers: CreatePhoneNumberInput[];
}

export const demoTenants: DemoTenant[] = [
  {
    tenant: { slug: 'sunrise-dental', name: 'Sunrise Dental' },
    owner: 'alice',
    config: {
      businessProfile: { name: 'Sunrise Dental', industry: 'dental clinic' },
      timezone: 'America/New_York',
      greeting: { en: 'Thank you for calling Sunrise Dental, how can I help?' },
      workingHours: { weekly: { mon: [{ open: '09:00', close: '17:00' }], tue: [{ open: '09:00', close: '17:00' }] } },
    },
    numbers: [
      { number: '+1 555 010 0001', kind: 'owned', provider: 'twilio', label: 'Front desk (Twilio)' },
      { number: '+1 555 010 0101', kind: 'forwarding', label: 'Clinic landline' },
    ],
  },
  {
    tenant: { slug: 'harbor-bistro', name: 'Harbor Bistro' },
    owner: 'bob',
    config: {
      businessProfile: { name: 'Harbor Bistro', industry: 'restaurant' },
      timezone: 'America/Los_Angeles',
      greeting: { en: 'Harbor Bistro, would you like to book a table?' },
    },
    numbers: [
      { number: '+1 555 020 0002', kind: 'owned', provider: 'twilio', label: 'Reservations (Twilio)' },
      { number: '+1 555 020 0202', kind: 'forwarding', label: 'Restaurant landline' },
    ],
  },
];

export const demoSharedNumber: CreateSharedNumberInput = {
  number: '+1 555 000 0000',
  provider: 'twilio',
  label: 'Shared assistant number',
};
