import { AdminJobs, AdminTenants } from '@nuvatra/react';

/**
 * Every tenant (impersonating one opens its calls, as its owner would see them), then the background jobs that
 * used up their attempts, to retry or discard. A server without a job queue answers 404 there, shown as such.
 */
export function AdminScreen({ onImpersonated }: { onImpersonated: () => void }) {
  return (
    <>
      <AdminTenants onImpersonate={onImpersonated} />
      <AdminJobs status="dead" />
    </>
  );
}
