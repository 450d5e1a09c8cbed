import type { ReactNode } from 'react';

/** A full-page message: loading, or why the dashboard cannot be shown. */
export function Notice({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <main className="app-notice">
      <h1>{title}</h1>
      {children ? <p>{children}</p> : null}
    </main>
  );
}
