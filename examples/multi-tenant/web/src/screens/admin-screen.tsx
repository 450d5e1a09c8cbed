import { AdminTenants } from '@nuvatra/react';

/** Every tenant; impersonating one opens its calls, as its owner would see them. */
export function AdminScreen({ onImpersonated }: { onImpersonated: () => void }) {
  return <AdminTenants onImpersonate={onImpersonated} />;
}
