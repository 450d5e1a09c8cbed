import type { CreatePhoneNumberInput, CreateSharedNumberInput, CreateTenantInput } from '@nuvatra/core';

/** Two businesses and one shared assistant number, all on fictional +1 555 numbers. */
export interface DemoTenant {
  tenant: CreateTenantInput;
  numbers: CreatePhoneNumberInput[];
}

export const demoTenants: DemoTenant[] = [
  {
    tenant: { slug: 'sunrise-dental', name: 'Sunrise Dental' },
    numbers: [
      { number: '+1 555 010 0001', kind: 'owned', provider: 'twilio', label: 'Front desk (Twilio)' },
      { number: '+1 555 010 0101', kind: 'forwarding', label: 'Clinic landline' },
    ],
  },
  {
    tenant: { slug: 'harbor-bistro', name: 'Harbor Bistro' },
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
