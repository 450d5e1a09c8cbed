import type { PhoneNumberKind } from '@nuvatra/core';

/** The two kinds in plain words: what a caller's call to the number does. */
export const phoneNumberKindLabels: Record<PhoneNumberKind, string> = {
  owned: 'Own number (calls to it reach the assistant)',
  forwarding: 'Forwarding line (forwarded to a shared assistant number)',
};
