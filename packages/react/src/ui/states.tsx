import { type ReactNode, useId } from 'react';
import { isNuvatraApiError } from '../client/errors.js';

/** A failed request, in the API's own words (it names the field and what to do), announced to screen readers. */
export function ErrorMessage({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const message = error instanceof Error ? error.message : 'An unexpected error occurred.';
  const issues = isNuvatraApiError(error) ? error.issues : [];
  return (
    <div className="nv-error" role="alert">
      <strong className="nv-error__title">{title}</strong> <span className="nv-error__message">{message}</span>
      {issues.length > 0 && (
        <ul className="nv-error__issues">
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <div className="nv-loading" role="status" aria-live="polite">
      <span className="nv-loading__spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="nv-empty">{children}</p>;
}

/** A titled card every component is drawn in; `className` names the component for theming. */
export function Panel({
  title,
  className,
  actions,
  children,
}: {
  title: string;
  className: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section className={`nv-root nv-panel ${className}`} aria-labelledby={headingId}>
      <header className="nv-panel__header">
        <h2 className="nv-panel__title" id={headingId}>
          {title}
        </h2>
        {actions ? <div className="nv-panel__actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
}

/**
 * The loading, error and empty states every component shows the same way; `children` draws the data. A query that
 * failed shows the API's message, never a blank screen.
 */
export function QueryState<T>({
  query,
  loading,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  loading: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loading} />;
  if (query.error || query.data === undefined) return <ErrorMessage error={query.error} title="Could not load this" />;
  if (isEmpty?.(query.data)) return <Empty>{empty}</Empty>;
  return <>{children(query.data)}</>;
}
